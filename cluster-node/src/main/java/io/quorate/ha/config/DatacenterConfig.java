package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code datacenter.cfg} as far as HA is concerned: the {@link HaSettings} read from the
 * {@code ha:}, {@code crs:} and {@code fencing:} lines, with every other line (keys Quorate does not
 * interpret, comments, blank lines) kept verbatim and in place.
 *
 * <p>Lines are read as Proxmox reads them: blanks around a line are ignored, {@code #} starts a
 * comment, {@code key: value} splits at the first colon. A known key given twice, an invalid value
 * or an invalid property string ({@code k=v,k=v}) is an error at its line. Inside {@code ha:} and
 * {@code crs:}, sub-keys Quorate does not know are kept (and ignored) rather than refused, so a
 * newer Proxmox option does not make the whole file unreadable.
 *
 * <p>{@link #withHa} changes only what differs: an existing line is rewritten in Proxmox's property
 * string form (keys sorted, unknown sub-keys kept), a missing one is appended; untouched lines stay
 * byte for byte.
 */
public final class DatacenterConfig {

    public static final String PATH = "datacenter.cfg";

    static final String HA = "ha";
    static final String CRS = "crs";
    static final String FENCING = "fencing";
    static final String SHUTDOWN_POLICY = "shutdown_policy";
    static final String CRS_HA = "ha";
    static final String REBALANCE_ON_START = "ha-rebalance-on-start";

    private static final Pattern KEY_VALUE = Pattern.compile("^(\\S+?):\\s*(.*)$");

    private final List<String> lines;
    private final HaSettings ha;

    private DatacenterConfig(List<String> lines, HaSettings ha) {
        this.lines = List.copyOf(lines);
        this.ha = ha;
    }

    public static DatacenterConfig empty() {
        return new DatacenterConfig(List.of(), HaSettings.DEFAULTS);
    }

    public static DatacenterConfig parse(String source, String text) throws ConfigException {
        Objects.requireNonNull(source, "source");
        List<String> lines = splitLines(text);
        Map<String, Integer> seen = new HashMap<>();
        HaSettings ha = HaSettings.DEFAULTS;
        for (int index = 0; index < lines.size(); index++) {
            int lineNo = index + 1;
            Optional<Entry> entry = entry(lines.get(index));
            if (entry.isEmpty() || !isHaKey(entry.get().key())) {
                continue;
            }
            String key = entry.get().key();
            Integer first = seen.putIfAbsent(key, lineNo);
            if (first != null) {
                throw new ConfigException(source, lineNo, "duplicate key '" + key + "' (first on line " + first + ")");
            }
            try {
                ha = apply(ha, key, entry.get().value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, lineNo, key + ": " + e.getMessage());
            }
        }
        return new DatacenterConfig(lines, ha);
    }

    /** The HA options in effect (defaults for what the file does not set). */
    public HaSettings ha() {
        return ha;
    }

    /** The file's lines, verbatim. */
    public List<String> lines() {
        return lines;
    }

    /** This config with these HA options; see the class comment. */
    public DatacenterConfig withHa(HaSettings newHa) {
        Objects.requireNonNull(newHa, "newHa");
        List<String> result = new ArrayList<>(lines);
        if (newHa.shutdownPolicy() != ha.shutdownPolicy()) {
            setProperty(result, HA, SHUTDOWN_POLICY, newHa.shutdownPolicy().text());
        }
        if (newHa.crsMode() != ha.crsMode()) {
            setProperty(result, CRS, CRS_HA, newHa.crsMode().text());
        }
        if (newHa.rebalanceOnStart() != ha.rebalanceOnStart()) {
            setProperty(result, CRS, REBALANCE_ON_START, HaSyntax.formatBoolean(newHa.rebalanceOnStart()));
        }
        if (newHa.fencing() != ha.fencing()) {
            int index = find(result, FENCING);
            String line = FENCING + ": " + newHa.fencing().text();
            if (index < 0) {
                result.add(line);
            } else {
                result.set(index, line);
            }
        }
        return new DatacenterConfig(result, newHa);
    }

    /** The lines joined, each ending with a newline; empty for an empty file. */
    public String write() {
        StringBuilder out = new StringBuilder();
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatacenterConfig that && lines.equals(that.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return "DatacenterConfig" + ha;
    }

    private record Entry(String key, String value) {
    }

    private static List<String> splitLines(String text) {
        Objects.requireNonNull(text, "text");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Optional<Entry> entry(String rawLine) {
        String line = rawLine.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return Optional.empty();
        }
        Matcher matcher = KEY_VALUE.matcher(line);
        return matcher.matches() ? Optional.of(new Entry(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    private static boolean isHaKey(String key) {
        return key.equals(HA) || key.equals(CRS) || key.equals(FENCING);
    }

    private static HaSettings apply(HaSettings ha, String key, String value) {
        switch (key) {
            case HA: {
                PropertyString properties = PropertyString.parse(value);
                Optional<String> policy = properties.get(SHUTDOWN_POLICY);
                return policy.isPresent() ? ha.withShutdownPolicy(ShutdownPolicy.parse(policy.get())) : ha;
            }
            case CRS: {
                PropertyString properties = PropertyString.parse(value);
                HaSettings result = ha;
                Optional<String> mode = properties.get(CRS_HA);
                if (mode.isPresent()) {
                    result = result.withCrsMode(CrsMode.parse(mode.get()));
                }
                Optional<String> rebalance = properties.get(REBALANCE_ON_START);
                if (rebalance.isPresent()) {
                    result = result.withRebalanceOnStart(HaSyntax.parseBoolean(rebalance.get()));
                }
                return result;
            }
            case FENCING:
                return ha.withFencing(FencingMode.parse(value));
            default:
                return ha;
        }
    }

    private static int find(List<String> lines, String key) {
        for (int index = 0; index < lines.size(); index++) {
            Optional<Entry> entry = entry(lines.get(index));
            if (entry.isPresent() && entry.get().key().equals(key)) {
                return index;
            }
        }
        return -1;
    }

    private static void setProperty(List<String> lines, String key, String property, String value) {
        int index = find(lines, key);
        if (index < 0) {
            lines.add(key + ": " + property + "=" + value);
            return;
        }
        PropertyString properties = PropertyString.parse(entry(lines.get(index)).orElseThrow().value());
        lines.set(index, key + ": " + properties.with(property, value).format());
    }
}
