package io.quorate.chaos.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Times as the scheduler writes them: RFC 3339 with the zone's offset ({@code 2026-11-25T02:00:00+01:00}). */
public final class ScheduleTimes {
    private ScheduleTimes() {
    }

    public static String format(ZonedDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withNano(time.getNano() / 1_000_000 * 1_000_000));
    }

    public static String format(Instant time, java.time.ZoneId zone) {
        return format(time.atZone(zone));
    }
}
