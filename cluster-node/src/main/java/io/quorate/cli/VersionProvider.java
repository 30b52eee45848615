package io.quorate.cli;

import io.quorate.runtime.Versions;
import picocli.CommandLine.IVersionProvider;

public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"quorate " + Versions.software()};
    }
}
