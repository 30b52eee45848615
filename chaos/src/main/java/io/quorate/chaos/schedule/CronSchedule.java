package io.quorate.chaos.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A classic 5-field cron expression — {@code minute hour day-of-month month day-of-week} — with
 * Vixie cron's semantics: {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps
 * {@code *&#47;n}, {@code a-b/n} and {@code a/n} (from a to the field's maximum), month and weekday
 * names ({@code jan}, {@code mon}), and day-of-week 0 or 7 for Sunday. When both day fields are
 * restricted (neither starts with {@code *}) a day matches if either matches; otherwise both must.
 *
 * <p>{@link #next} is a pure function of its argument, evaluated in the argument's time zone: a local
 * time skipped by a daylight-saving gap does not fire; one repeated by an overlap fires at each of its
 * instants. Schedules that must not care pass times in UTC.
 */
public final class CronSchedule {
    /** The fields, in order, for error messages. */
    public static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] WEEKDAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final int[] MONTH_MAX_DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /** How far {@link #next} searches: long enough for February 29th on a given weekday. */
    private static final int SEARCH_YEARS = 400;
    /** Larger than any overlap between two UTC offsets of one zone (they are at most an hour or two). */
    private static final long OVERLAP_HOURS = 3;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean dayOfMonthStar;
    private final boolean dayOfWeekStar;

    private CronSchedule(String expression, BitSet[] fields, boolean dayOfMonthStar, boolean dayOfWeekStar) {
        this.expression = expression;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.days = fields[2];
        this.months = fields[3];
        this.weekdays = fields[4];
        this.dayOfMonthStar = dayOfMonthStar;
        this.dayOfWeekStar = dayOfWeekStar;
    }

    /**
     * Parses and checks an expression.
     *
     * @throws IllegalArgumentException naming each field that is wrong and the part of it, or saying why the
     *                                  expression would never fire (see {@link #problems})
     */
    public static CronSchedule parse(String expression) {
        List<String> problems = new ArrayList<>();
        CronSchedule schedule = read(expression, problems);
        if (schedule == null) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return schedule;
    }

    /**
     * Everything wrong with an expression, one message per field (or one for the whole expression);
     * empty when {@link #parse} accepts it.
     */
    public static List<String> problems(String expression) {
        List<String> problems = new ArrayList<>();
        read(expression, problems);
        return problems;
    }

    private static CronSchedule read(String expression, List<String> problems) {
        String trimmed = expression.trim();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (parts.length != 5) {
            problems.add("'" + expression + "': expected 5 fields (minute hour day-of-month month day-of-week), got " + parts.length);
            return null;
        }
        BitSet[] fields = new BitSet[5];
        for (int f = 0; f < 5; f++) {
            try {
                fields[f] = parseField(f, parts[f]);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        if (fields[4].get(7)) {
            fields[4].clear(7);
            fields[4].set(0);
        }
        boolean domStar = parts[2].startsWith("*");
        boolean dowStar = parts[4].startsWith("*");
        if (!domStar && dowStar && !daysOccur(fields[2], fields[3])) {
            problems.add("'" + expression + "' never fires: no day-of-month it names occurs in the months it names");
            return null;
        }
        return new CronSchedule(String.join(" ", parts), fields, domStar, dowStar);
    }

    private static boolean daysOccur(BitSet days, BitSet months) {
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            if (days.nextSetBit(1) <= MONTH_MAX_DAYS[m - 1]) {
                return true;
            }
        }
        return false;
    }

    private static BitSet parseField(int f, String text) {
        String field = FIELDS.get(f);
        BitSet set = new BitSet();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException(field + " field '" + text + "': empty list item");
            }
            if (item.matches(".*[?LW#].*")) {
                throw new IllegalArgumentException(field + " field '" + text + "': '?', 'L', 'W' and '#' are Quartz syntax, not cron");
            }
            String base = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                base = item.substring(0, slash);
                String stepText = item.substring(slash + 1);
                step = number(field, text, stepText, false, f);
                if (step < 1) {
                    throw new IllegalArgumentException(field + " field '" + text + "': step must be at least 1");
                }
                if (step > MAX[f] - MIN[f]) {
                    throw new IllegalArgumentException(field + " field '" + text + "': step " + step + " exceeds the field's range "
                            + MIN[f] + "-" + MAX[f]);
                }
            }
            int low;
            int high;
            if (base.equals("*")) {
                low = MIN[f];
                high = f == 4 ? 6 : MAX[f];
            } else {
                int dash = base.indexOf('-');
                if (dash >= 0) {
                    low = number(field, text, base.substring(0, dash), true, f);
                    high = number(field, text, base.substring(dash + 1), true, f);
                    if (low > high) {
                        throw new IllegalArgumentException(field + " field '" + text + "': range " + base + " runs backwards");
                    }
                } else {
                    low = number(field, text, base, true, f);
                    high = slash >= 0 ? MAX[f] : low;
                }
            }
            for (int v = low; v <= high; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String field, String text, String word, boolean inRange, int f) {
        String w = word.toLowerCase(Locale.ROOT);
        String[] names = f == 3 ? MONTHS : f == 4 ? WEEKDAYS : null;
        if (inRange && names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(w)) {
                    return f == 3 ? i + 1 : i;
                }
            }
        }
        if (w.isEmpty() || !w.chars().allMatch(Character::isDigit) || w.length() > 9) {
            throw new IllegalArgumentException(field + " field '" + text + "': '" + word + "' is not a number"
                    + (inRange && names != null ? " or a name (" + String.join(", ", names) + ")" : ""));
        }
        int value = Integer.parseInt(w);
        if (inRange && (value < MIN[f] || value > MAX[f])) {
            throw new IllegalArgumentException(field + " field '" + text + "': " + value + " is out of range " + MIN[f] + "-" + MAX[f]);
        }
        return value;
    }

    /**
     * The first time strictly after {@code after}, at a whole minute, that the expression matches, in
     * {@code after}'s zone.
     *
     * @throws IllegalStateException if it never matches within 400 years (only February 29th with a
     *                               weekday restriction comes close)
     */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDateTime local = nextMatch(after.toLocalDateTime().minusHours(OVERLAP_HOURS).truncatedTo(ChronoUnit.MINUTES),
                after.toLocalDate().plusYears(SEARCH_YEARS));
        ZonedDateTime best = null;
        LocalDateTime bestLocal = null;
        // local times map to instants in order except inside overlaps, so look a little past the first hit
        while (local != null && (bestLocal == null || !local.isAfter(bestLocal.plusHours(OVERLAP_HOURS)))) {
            for (ZoneOffset offset : zone.getRules().getValidOffsets(local)) {
                ZonedDateTime candidate = ZonedDateTime.ofStrict(local, offset, zone);
                if (candidate.isAfter(after) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                    bestLocal = local;
                }
            }
            local = nextMatch(local.plusMinutes(1), after.toLocalDate().plusYears(SEARCH_YEARS));
        }
        if (best == null) {
            throw new IllegalStateException("'" + expression + "' does not fire within " + SEARCH_YEARS + " years after " + after);
        }
        return best;
    }

    /** The first matching local time at or after {@code from} (a whole minute), or null before {@code limit}. */
    private LocalDateTime nextMatch(LocalDateTime from, LocalDate limit) {
        LocalDate date = from.toLocalDate();
        boolean firstDay = true;
        while (date.isBefore(limit)) {
            if (months.get(date.getMonthValue()) && dayMatches(date)) {
                int startHour = firstDay ? from.getHour() : 0;
                for (int h = hours.nextSetBit(startHour); h >= 0; h = hours.nextSetBit(h + 1)) {
                    int startMinute = firstDay && h == from.getHour() ? from.getMinute() : 0;
                    int m = minutes.nextSetBit(startMinute);
                    if (m >= 0) {
                        return date.atTime(h, m);
                    }
                }
            }
            date = date.plusDays(1);
            firstDay = false;
        }
        return null;
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = days.get(date.getDayOfMonth());
        boolean dow = weekdays.get(date.getDayOfWeek().getValue() % 7);
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
    }

    /** The expression with its fields separated by single spaces. */
    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule && ((CronSchedule) other).expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
