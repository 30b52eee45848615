package io.quorate.events.kafka;

import io.quorate.events.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tells first deliveries from repeats by event id. Ids are {@code <node>/<incarnation>/<seq>} with
 * gap-free sequences, so per node incarnation it keeps only the highest contiguous sequence seen
 * plus the few seen beyond it: memory stays small however long the stream. Not thread-safe.
 */
public final class EventDeduplicator {
    private final Map<String, Window> windows = new HashMap<>();
    private long duplicates;

    /** Seen sequences of one node incarnation: all up to {@code contiguous}, and {@code beyond}. */
    private static final class Window {
        long contiguous;
        final TreeSet<Long> beyond = new TreeSet<>();

        boolean add(long seq) {
            if (seq == contiguous + 1 && beyond.isEmpty()) {
                contiguous = seq; // the usual case: the next one, in order
                return true;
            }
            if (seq <= contiguous || !beyond.add(seq)) {
                return false;
            }
            while (!beyond.isEmpty() && beyond.first() == contiguous + 1) {
                contiguous = beyond.pollFirst();
            }
            return true;
        }
    }

    /** True the first time an event is seen, false for a repeat. */
    public boolean firstSeen(Event event) {
        Window window = windowOf(event.node(), event.incarnation());
        if (window.add(event.seq())) {
            return true;
        }
        duplicates++;
        return false;
    }

    /** The last window used, so a run of one node's events skips the map (and the key it would build). */
    private String lastNode;
    private long lastIncarnation;
    private Window lastWindow;

    private Window windowOf(String node, long incarnation) {
        if (lastWindow == null || incarnation != lastIncarnation || !node.equals(lastNode)) {
            lastWindow = windows.computeIfAbsent(node + "/" + incarnation, key -> new Window());
            lastNode = node;
            lastIncarnation = incarnation;
        }
        return lastWindow;
    }

    /** Repeats filtered out so far. */
    public long duplicates() {
        return duplicates;
    }

    /** The highest sequence up to which every event of this node incarnation was seen (0: none). */
    public long contiguousUpTo(String node, long incarnation) {
        Window window = windows.get(node + "/" + incarnation);
        return window == null ? 0 : window.contiguous;
    }

    /** Whether events of this node incarnation are missing below the highest one seen. */
    public boolean hasGap(String node, long incarnation) {
        Window window = windows.get(node + "/" + incarnation);
        return window != null && !window.beyond.isEmpty();
    }
}
