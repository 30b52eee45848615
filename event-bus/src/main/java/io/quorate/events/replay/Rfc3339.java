package io.quorate.events.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 3339 times as the CLI reads and prints them: {@code 2026-11-25T10:00:00.123Z}. */
public final class Rfc3339 {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    /**
     * Parses a date-time with an offset ({@code Z} or {@code ±hh:mm}; RFC 3339 allows lower-case
     * {@code t}/{@code z}). Fails with a one-line message naming {@code what} and the expected form.
     */
    public static Instant parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty: expected an RFC 3339 time like 2026-11-25T10:00:00Z");
        }
        try {
            return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not an RFC 3339 time (like 2026-11-25T10:00:00Z)");
        }
    }

    /** UTC with milliseconds always shown, so printed times line up. */
    public static String format(Instant time) {
        return MILLIS.format(time);
    }
}
