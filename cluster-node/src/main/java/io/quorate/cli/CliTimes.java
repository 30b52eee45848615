package io.quorate.cli;

import io.quorate.events.replay.Rfc3339;
import java.time.Instant;

/** RFC 3339 option values; a bad one is a usage error (exit 2) naming the option. */
final class CliTimes {
    private CliTimes() {
    }

    static Instant parse(String text, String option) {
        try {
            return Rfc3339.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }
}
