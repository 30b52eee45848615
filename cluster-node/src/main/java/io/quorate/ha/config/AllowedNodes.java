package io.quorate.ha.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where one HA resource may run now: the online nodes it is allowed on, each with its priority
 * (higher is preferred). Nodes a non-strict node-affinity rule does not list get
 * {@link #FALLBACK_PRIORITY}, so they are used only when no listed node is online. Empty means the
 * resource may run nowhere (a strict rule with none of its nodes online, or no node online).
 */
public record AllowedNodes(SortedMap<String, Integer> priorities) {

    /** Priority of the nodes a non-strict rule falls back to (Proxmox uses -1 too). */
    public static final int FALLBACK_PRIORITY = -1;

    public AllowedNodes {
        Objects.requireNonNull(priorities, "priorities");
        priorities = Collections.unmodifiableSortedMap(new TreeMap<>(priorities));
    }

    public static AllowedNodes none() {
        return new AllowedNodes(new TreeMap<>());
    }

    /** Every node allowed, all with priority 0. */
    static AllowedNodes all(Iterable<String> nodes) {
        TreeMap<String, Integer> map = new TreeMap<>();
        nodes.forEach(node -> map.put(node, 0));
        return new AllowedNodes(map);
    }

    public boolean isEmpty() {
        return priorities.isEmpty();
    }

    /** All allowed nodes, by name. */
    public SortedSet<String> nodes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(priorities.keySet()));
    }

    public boolean allows(String node) {
        return priorities.containsKey(node);
    }

    public OptionalInt priority(String node) {
        Integer priority = priorities.get(node);
        return priority == null ? OptionalInt.empty() : OptionalInt.of(priority);
    }

    /** The allowed nodes grouped by priority, highest priority first, each group sorted by name. */
    public List<SortedSet<String>> byPriority() {
        TreeMap<Integer, TreeSet<String>> classes = new TreeMap<>(Collections.reverseOrder());
        for (Map.Entry<String, Integer> entry : priorities.entrySet()) {
            classes.computeIfAbsent(entry.getValue(), p -> new TreeSet<>()).add(entry.getKey());
        }
        List<SortedSet<String>> result = new ArrayList<>();
        classes.values().forEach(set -> result.add(Collections.unmodifiableSortedSet(set)));
        return List.copyOf(result);
    }

    /** The highest-priority class: where the resource should run (Proxmox's "preferred nodes"). */
    public SortedSet<String> preferred() {
        List<SortedSet<String>> classes = byPriority();
        return classes.isEmpty() ? Collections.emptySortedSet() : classes.get(0);
    }
}
