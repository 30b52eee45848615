package io.quorate.cli;

import io.quorate.runtime.HostPort;

/** Checks of CLI argument values that picocli cannot express; errors name the option. */
final class CliArguments {
    private CliArguments() {
    }

    static HostPort hostPort(String option, String value) {
        try {
            HostPort address = HostPort.parse(value);
            if (address.port() == 0) {
                throw new IllegalArgumentException("port 0 is not allowed here");
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid " + option + " '" + value + "': " + e.getMessage(), 2);
        }
    }
}
