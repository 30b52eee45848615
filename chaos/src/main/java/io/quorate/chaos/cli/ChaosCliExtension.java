package io.quorate.chaos.cli;

import io.quorate.cli.CliExtension;

/** Adds {@code quorate chaos} to the CLI. */
public final class ChaosCliExtension implements CliExtension {
    @Override
    public Object command() {
        return new ChaosCommand();
    }
}
