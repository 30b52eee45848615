package io.quorate.ha.conformance;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a pve-ha-manager simulator log ({@code log.expect}).
 *
 * <p>The simulator prints {@code printf("%-5s %5d %12s: %s", level, time, component, message)}:
 * level is four characters or fewer ({@code info}, {@code noti}, {@code warn}, {@code err},
 * {@code emai}), time is seconds of simulated time, component is {@code nodeN/crm},
 * {@code nodeN/lrm}, {@code hardware}, {@code cmdlist}, {@code watchdog}, {@code reboot} or
 * {@code shutdown}. The parser does not count columns: any run of blanks separates the first three
 * fields, so a wider time or component still parses. The message is kept byte for byte (double
 * blanks before {@code (node = …)} included).
 *
 * @param level     log level as printed ({@code info}, {@code err}, {@code emai}, …)
 * @param time      simulated time in seconds
 * @param component who logged it, e.g. {@code node1/crm}
 * @param message   the text after {@code ": "}
 */
public record LogLine(String level, long time, String component, String message) {

    private static final Pattern LINE = Pattern.compile("^\\s*(\\S+)\\s+(\\d+)\\s+(\\S+?):(?: (.*))?$");

    public LogLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Parses one log line.
     *
     * @throws IllegalArgumentException when the line is not {@code level time component: message}
     */
    public static LogLine parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a log line (expected 'level time component: message'): '"
                    + text + "'");
        }
        long time;
        try {
            time = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("time out of range in log line: '" + text + "'", e);
        }
        return new LogLine(m.group(1), time, m.group(3), m.group(4) == null ? "" : m.group(4));
    }

    /** The line in the simulator's own layout, so {@code parse(line.format())} gives the line back. */
    public String format() {
        return String.format("%-5s %5d %12s: %s", level, time, component, message);
    }

    /** The node of a {@code nodeN/crm} or {@code nodeN/lrm} component, else {@code null}. */
    public String node() {
        int slash = component.indexOf('/');
        return slash < 0 ? null : component.substring(0, slash);
    }

    /** Whether a CRM (cluster resource manager) logged this line. */
    public boolean isCrm() {
        return component.endsWith("/crm");
    }

    @Override
    public String toString() {
        return format();
    }
}
