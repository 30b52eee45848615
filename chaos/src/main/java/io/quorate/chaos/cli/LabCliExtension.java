package io.quorate.chaos.cli;

import io.quorate.cli.CliExtension;

/** Adds {@code quorate lab} to the CLI. */
public final class LabCliExtension implements CliExtension {
    @Override
    public Object command() {
        return new LabCommand();
    }
}
