package io.quorate.events.tail;

import io.quorate.events.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events {@code quorate events tail} prints. A type prefix matches whole dotted segments:
 * {@code quorum} matches {@code quorum.lost} and every other {@code quorum.*}, {@code ha.service}
 * matches {@code ha.service.state_changed}, but {@code quo} matches nothing. Several prefixes may be
 * given, comma-separated. Absent criteria match everything.
 *
 * @param typePrefixes dotted type prefixes (empty: every type)
 * @param node         only this node's events (null: every node)
 * @param from         only events at or after this wall time (null: from the beginning)
 */
public record EventFilter(List<String> typePrefixes, String node, Instant from) {
    public static final EventFilter ALL = new EventFilter(List.of(), null, null);

    public EventFilter {
        typePrefixes = List.copyOf(typePrefixes);
    }

    /** A filter from option values; {@code types} is a comma-separated list of prefixes, or null. */
    public static EventFilter of(String types, String node, Instant from) {
        List<String> prefixes = new ArrayList<>();
        if (types != null) {
            for (String prefix : types.split(",")) {
                String trimmed = prefix.trim();
                while (trimmed.endsWith(".")) {
                    trimmed = trimmed.substring(0, trimmed.length() - 1);
                }
                if (!trimmed.isEmpty()) {
                    prefixes.add(trimmed);
                }
            }
        }
        return new EventFilter(prefixes, node, from);
    }

    public boolean matches(Event event) {
        return (node == null || node.equals(event.node()))
                && (from == null || !event.time().isBefore(from))
                && typeMatches(event.type());
    }

    private boolean typeMatches(String type) {
        if (typePrefixes.isEmpty()) {
            return true;
        }
        for (String prefix : typePrefixes) {
            if (type.startsWith(prefix) && (type.length() == prefix.length() || type.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
