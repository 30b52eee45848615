package io.quorate.chaos.experiment;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as experiments write them: a whole number and a unit, optionally several in descending
 * order: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 1m30s}. Clock offsets may carry a
 * sign ({@code -2s}, {@code +500ms}).
 */
public final class Durations {
    /** The units, largest first, as they may appear in a duration. */
    public static final String UNITS = "ms, s, m, h";

    private static final Pattern PART = Pattern.compile("(\\d+)([a-zA-Z]*)");

    private Durations() {
    }

    /**
     * Parses an unsigned duration ({@code 0s} is allowed here; callers that need a positive one say so).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.startsWith("-") || t.startsWith("+")) {
            throw new IllegalArgumentException("'" + text + "' must not carry a sign");
        }
        return parseParts(text, t);
    }

    /** Parses a duration that may carry a leading {@code +} or {@code -}, such as a clock offset. */
    public static Duration parseSigned(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        Duration d = parseParts(text, t);
        return negative ? d.negated() : d;
    }

    private static Duration parseParts(String original, String t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration (write e.g. 500ms, 15s, 2m)");
        }
        if (t.matches(".*\\d\\.\\d.*")) {
            throw new IllegalArgumentException("'" + original + "': whole numbers only; use a smaller unit (e.g. 1500ms, 90s)");
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int pos = 0;
        int lastRank = Integer.MAX_VALUE;
        while (pos < t.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + original + "' is not a duration (write e.g. 500ms, 15s, 2m, 1m30s)");
            }
            String number = m.group(1);
            String unit = m.group(2);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("'" + original + "' has no unit (" + UNITS + "): write e.g. " + number + "s");
            }
            int rank = rank(unit);
            if (rank < 0) {
                throw new IllegalArgumentException("'" + original + "': unknown unit '" + unit + "' (" + UNITS + ")");
            }
            if (rank >= lastRank) {
                throw new IllegalArgumentException("'" + original + "': units must appear once each, largest first (e.g. 1m30s)");
            }
            lastRank = rank;
            long value;
            try {
                value = Long.parseLong(number);
                total = total.plus(switch (unit) {
                    case "h" -> Duration.ofHours(value);
                    case "m" -> Duration.ofMinutes(value);
                    case "s" -> Duration.ofSeconds(value);
                    default -> Duration.ofMillis(value);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + original + "' is too large");
            }
            pos = m.end();
        }
        return total;
    }

    private static int rank(String unit) {
        switch (unit) {
            case "h":
                return 3;
            case "m":
                return 2;
            case "s":
                return 1;
            case "ms":
                return 0;
            default:
                return -1;
        }
    }

    /** The shortest text {@link #parse} reads back as {@code d}: {@code 15s}, {@code 1m30s}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        Duration rest = d;
        if (rest.isNegative()) {
            out.append('-');
            rest = rest.negated();
        }
        long hours = rest.toHours();
        long minutes = rest.toMinutesPart();
        long seconds = rest.toSecondsPart();
        long millis = rest.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.toString();
    }
}
