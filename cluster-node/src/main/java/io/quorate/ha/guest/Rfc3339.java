package io.quorate.ha.guest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 in UTC with milliseconds always printed, so times of one report line up in columns. */
final class Rfc3339 {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
