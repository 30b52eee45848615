package io.quorate.ha.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node list with priorities, {@code node1:2,node2} ({@code pve-ha-group-node-list} /
 * {@code pve-ha-node-list}): the {@code nodes} of a group or a node-affinity rule. A node without
 * {@code :prio} has priority 0; priorities are non-negative integers and only their order matters
 * (higher is preferred). Kept sorted by node name, which is how Proxmox writes a rule's node list
 * ({@code n:prio}, or just {@code n} for priority 0), so a parsed and rewritten list is stable.
 */
public record NodePriorities(SortedMap<String, Integer> priorities) {

    public NodePriorities {
        Objects.requireNonNull(priorities, "priorities");
        TreeMap<String, Integer> copy = new TreeMap<>();
        for (Map.Entry<String, Integer> entry : priorities.entrySet()) {
            HaSyntax.requireNodeName(entry.getKey());
            int priority = Objects.requireNonNull(entry.getValue(), "priority of " + entry.getKey());
            if (priority < 0) {
                throw new IllegalArgumentException(
                        "invalid priority " + priority + " for node '" + entry.getKey() + "': must be 0 or more");
            }
            copy.put(entry.getKey(), priority);
        }
        priorities = Collections.unmodifiableSortedMap(copy);
    }

    public static NodePriorities of(Map<String, Integer> priorities) {
        return new NodePriorities(new TreeMap<>(priorities));
    }

    /** Every node with priority 0. */
    public static NodePriorities ofNodes(String... nodes) {
        TreeMap<String, Integer> map = new TreeMap<>();
        for (String node : nodes) {
            map.put(node, 0);
        }
        return new NodePriorities(map);
    }

    /**
     * Parses {@code node[:prio]{,node[:prio]}} (commas, semicolons or blanks separate, as
     * {@code split_list} does). A node listed twice is refused (Proxmox would keep one of them
     * silently).
     */
    public static NodePriorities parse(String text) {
        Objects.requireNonNull(text, "text");
        TreeMap<String, Integer> map = new TreeMap<>();
        for (String entry : HaSyntax.splitList(text)) {
            int colon = entry.indexOf(':');
            String node = colon < 0 ? entry : entry.substring(0, colon);
            int priority = 0;
            if (colon >= 0) {
                String digits = entry.substring(colon + 1);
                if (!digits.matches("\\d+")) {
                    throw new IllegalArgumentException("invalid priority '" + digits + "' for node '" + node
                            + "' in '" + entry + "': must be a non-negative integer");
                }
                try {
                    priority = Integer.parseInt(digits);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("priority '" + digits + "' for node '" + node
                            + "' is too large (at most " + Integer.MAX_VALUE + ")");
                }
            }
            try {
                HaSyntax.requireNodeName(node);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " in '" + entry + "'");
            }
            if (map.put(node, priority) != null) {
                throw new IllegalArgumentException("node '" + node + "' is listed twice");
            }
        }
        return new NodePriorities(map);
    }

    /** {@code a:2,b}: sorted by name, priority 0 left out. */
    public String format() {
        List<String> parts = new ArrayList<>();
        priorities.forEach((node, priority) -> parts.add(priority == 0 ? node : node + ":" + priority));
        return String.join(",", parts);
    }

    public boolean isEmpty() {
        return priorities.isEmpty();
    }

    public SortedSet<String> nodes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(priorities.keySet()));
    }

    public boolean contains(String node) {
        return priorities.containsKey(node);
    }

    public OptionalInt priority(String node) {
        Integer priority = priorities.get(node);
        return priority == null ? OptionalInt.empty() : OptionalInt.of(priority);
    }

    /** The highest priority in the list, if any. */
    public Optional<Integer> highest() {
        return priorities.values().stream().max(Integer::compare);
    }

    @Override
    public String toString() {
        return format();
    }
}
