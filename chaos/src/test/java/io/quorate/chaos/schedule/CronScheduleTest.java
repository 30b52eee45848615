package io.quorate.chaos.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime utc(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), UTC);
    }

    private static String next(String expression, String after) {
        return CronSchedule.parse(expression).next(utc(after)).toLocalDateTime().toString();
    }

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // every minute; strictly after, also when 'after' is on a whole minute or has seconds
            "* * * * *|2024-05-01T10:00|2024-05-01T10:01",
            "* * * * *|2024-05-01T10:00:59.999|2024-05-01T10:01",
            // fixed time, today or tomorrow
            "30 3 * * *|2024-05-01T02:00|2024-05-01T03:30",
            "30 3 * * *|2024-05-01T03:30|2024-05-02T03:30",
            // steps, ranges, lists
            "*/15 * * * *|2024-05-01T10:16|2024-05-01T10:30",
            "*/15 * * * *|2024-05-01T10:45|2024-05-01T11:00",
            "10-20/5 * * * *|2024-05-01T10:16|2024-05-01T10:20",
            "10-20/5 * * * *|2024-05-01T10:20|2024-05-01T11:10",
            "5/20 * * * *|2024-05-01T10:46|2024-05-01T11:05",
            "0 1,13 * * *|2024-05-01T02:00|2024-05-01T13:00",
            "0 9-17 * * *|2024-05-01T17:30|2024-05-02T09:00",
            "0,30 */6 * * *|2024-05-01T06:31|2024-05-01T12:00",
            // rolls over hour, day, month and year
            "0 * * * *|2024-05-01T23:59|2024-05-02T00:00",
            "0 0 1 * *|2024-01-31T12:00|2024-02-01T00:00",
            "0 0 1 1 *|2024-06-01T00:00|2025-01-01T00:00",
            "59 23 31 12 *|2024-12-31T23:59|2025-12-31T23:59",
            // day 31 skips short months; February 29th only in leap years
            "0 0 31 * *|2024-04-01T00:00|2024-05-31T00:00",
            "0 0 29 2 *|2024-03-01T00:00|2028-02-29T00:00",
            // day of week: 0 and 7 are Sunday; names; 2024-05-01 is a Wednesday
            "0 12 * * 0|2024-05-01T00:00|2024-05-05T12:00",
            "0 12 * * 7|2024-05-01T00:00|2024-05-05T12:00",
            "0 12 * * sun|2024-05-01T00:00|2024-05-05T12:00",
            "0 8 * * mon-fri|2024-05-03T09:00|2024-05-06T08:00",
            "0 0 * * 5-7|2024-05-01T00:00|2024-05-03T00:00",
            "0 0 * jun *|2024-05-01T00:00|2024-06-01T00:00",
            "0 0 * JUN-aug *|2024-09-01T00:00|2025-06-01T00:00",
            // both day fields restricted: either matches (the 13th, or a Friday)
            "0 0 13 * 5|2024-05-01T00:00|2024-05-03T00:00",
            "0 0 13 * 5|2024-05-10T00:00|2024-05-13T00:00",
            // a day field starting with '*' (even stepped) makes it 'and': odd days that are Mondays
            "0 0 */2 * 1|2024-05-01T00:00|2024-05-13T00:00",
            "0 0 1 * */7|2024-05-01T00:00|2024-09-01T00:00"})
    void next(String expression, String after, String expected) {
        assertEquals(expected, next(expression, after));
    }

    @Test
    void deterministicAndChainable() {
        CronSchedule schedule = CronSchedule.parse("*/20 9 * * *");
        ZonedDateTime t = utc("2024-05-01T08:00");
        StringBuilder fired = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            t = schedule.next(t);
            fired.append(t.toLocalDateTime()).append(' ');
        }
        assertEquals("2024-05-01T09:00 2024-05-01T09:20 2024-05-01T09:40 2024-05-02T09:00 ", fired.toString());
        assertEquals(schedule.next(utc("2024-05-01T08:00")), schedule.next(utc("2024-05-01T08:00")));
    }

    @Test
    void keepsTheZoneOfItsArgument() {
        ZonedDateTime next = CronSchedule.parse("0 3 * * *").next(ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, BERLIN));
        assertEquals(ZonedDateTime.of(2024, 5, 2, 3, 0, 0, 0, BERLIN), next);
    }

    @Test
    void aLocalTimeInTheSpringForwardGapDoesNotFire() {
        // 2024-03-31 02:00-03:00 does not exist in Berlin
        CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * *");
        ZonedDateTime next = halfPastTwo.next(ZonedDateTime.of(2024, 3, 31, 0, 0, 0, 0, BERLIN));
        assertEquals(ZonedDateTime.of(2024, 4, 1, 2, 30, 0, 0, BERLIN), next);
        // an hourly schedule goes from 01:00 straight to 03:00 (one hour later in real time)
        ZonedDateTime hourly = CronSchedule.parse("0 * * * *").next(ZonedDateTime.of(2024, 3, 31, 1, 0, 0, 0, BERLIN));
        assertEquals("2024-03-31T03:00+02:00[Europe/Berlin]", hourly.toString());
    }

    @Test
    void aLocalTimeInTheFallBackOverlapFiresAtBothInstants() {
        // 2024-10-27 02:00-03:00 happens twice in Berlin: first at +02:00, then at +01:00
        CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * *");
        ZonedDateTime first = halfPastTwo.next(ZonedDateTime.of(2024, 10, 27, 0, 0, 0, 0, BERLIN));
        assertEquals("2024-10-27T02:30+02:00[Europe/Berlin]", first.toString());
        ZonedDateTime second = halfPastTwo.next(first);
        assertEquals("2024-10-27T02:30+01:00[Europe/Berlin]", second.toString());
        assertEquals("2024-10-28T02:30+01:00[Europe/Berlin]", halfPastTwo.next(second).toString());
        // a quarter-hourly schedule inside the overlap: 02:45 (+02) -> 02:00 (+01), in instant order
        ZonedDateTime late = ZonedDateTime.ofStrict(java.time.LocalDateTime.parse("2024-10-27T02:45"), ZoneOffset.ofHours(2), BERLIN);
        assertEquals("2024-10-27T02:00+01:00[Europe/Berlin]", CronSchedule.parse("*/15 * * * *").next(late).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "* * * *|'* * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4",
            "0 0 3 * * *|'0 0 3 * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6",
            "''|'': expected 5 fields (minute hour day-of-month month day-of-week), got 0",
            "60 * * * *|minute field '60': 60 is out of range 0-59",
            "* 24 * * *|hour field '24': 24 is out of range 0-23",
            "* * 0 * *|day-of-month field '0': 0 is out of range 1-31",
            "* * 32 * *|day-of-month field '32': 32 is out of range 1-31",
            "* * * 0 *|month field '0': 0 is out of range 1-12",
            "* * * * 8|day-of-week field '8': 8 is out of range 0-7",
            "*/0 * * * *|minute field '*/0': step must be at least 1",
            "*/60 * * * *|minute field '*/60': step 60 exceeds the field's range 0-59",
            "5-1 * * * *|minute field '5-1': range 5-1 runs backwards",
            "1,,2 * * * *|minute field '1,,2': empty list item",
            "x * * * *|minute field 'x': 'x' is not a number",
            "* * * foo *|month field 'foo': 'foo' is not a number or a name (jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec)",
            "* * * * monday|day-of-week field 'monday': 'monday' is not a number or a name (sun, mon, tue, wed, thu, fri, sat)",
            "* * ? * *|day-of-month field '?': '?', 'L', 'W' and '#' are Quartz syntax, not cron",
            "* * L * *|day-of-month field 'L': '?', 'L', 'W' and '#' are Quartz syntax, not cron",
            "* * * * 5#3|day-of-week field '5#3': '?', 'L', 'W' and '#' are Quartz syntax, not cron",
            "0 0 30 2 *|'0 0 30 2 *' never fires: no day-of-month it names occurs in the months it names",
            "0 0 31 4,6,9,11 *|'0 0 31 4,6,9,11 *' never fires: no day-of-month it names occurs in the months it names"})
    void rejects(String expression, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(expression));
        assertEquals(message, e.getMessage());
        assertEquals(List.of(message), CronSchedule.problems(expression));
    }

    @Test
    void reportsEveryBadField() {
        assertEquals(List.of("minute field '61': 61 is out of range 0-59", "hour field '*/0': step must be at least 1",
                "month field '13': 13 is out of range 1-12"), CronSchedule.problems("61 */0 * 13 *"));
        assertTrue(CronSchedule.problems("*/5 1-3,22 1,15 jan-mar,dec mon-fri").isEmpty());
    }

    @Test
    void equalityIgnoresSpacing() {
        assertEquals(CronSchedule.parse("0  3 * *   *"), CronSchedule.parse("0 3 * * *"));
        assertEquals("0 3 * * *", CronSchedule.parse(" 0  3 * *   * ").toString());
    }

    @Test
    void feb29OnAWeekdayIsFoundYearsAhead() {
        // both restricted means 'or', so use a stepped weekday to force 'and': Feb 29 that is a Sunday -> 2032
        ZonedDateTime next = CronSchedule.parse("0 0 29 2 */7").next(utc("2024-03-01T00:00"));
        assertEquals("2032-02-29T00:00", next.toLocalDateTime().toString());
    }
}
