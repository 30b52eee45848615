package io.quorate.events;

import java.time.Instant;
import java.util.Comparator;

/**
 * Hybrid logical clock (Kulkarni et al.): a wall-clock-like stamp that never goes backwards and
 * that moves past every stamp this node has seen from others, so events from different nodes can
 * be merged in an order consistent with causality even when the nodes' clocks disagree.
 *
 * <p>A stamp is one {@code long}: the upper 48 bits are milliseconds since the epoch, the lower 16
 * bits a logical counter that orders stamps within one millisecond. Numeric order is stamp order;
 * equal stamps from different nodes are ordered by node name ({@link #EVENT_ORDER}). 0 means
 * "unknown".
 *
 * <p>Deterministic: the physical time is handed in, never read here. Thread-safe.
 */
public final class HybridClock {
    public static final int LOGICAL_BITS = 16;
    public static final long MAX_LOGICAL = (1L << LOGICAL_BITS) - 1;
    private static final long MAX_MS = (1L << (64 - LOGICAL_BITS - 1)) - 1; // keep stamps positive

    /** Causal merge order of events: hlc, then node name, incarnation and sequence as tie-breaks. */
    public static final Comparator<Event> EVENT_ORDER = Comparator.comparingLong(Event::hlc)
            .thenComparing(Event::node)
            .thenComparingLong(Event::incarnation)
            .thenComparingLong(Event::seq);

    private long last;

    public HybridClock() {
        this(0L);
    }

    /** A clock that continues after {@code last} (e.g. the newest stamp found in a spool). */
    public HybridClock(long last) {
        this.last = last;
    }

    /** A stamp for a local event (or a message about to be sent) at physical time {@code physicalMs}. */
    public synchronized long now(long physicalMs) {
        long ms = Math.max(physicalMs(last), clampMs(physicalMs));
        long logical = ms == physicalMs(last) ? logical(last) + 1 : 0;
        last = normalize(ms, logical);
        return last;
    }

    /**
     * Merges a stamp received from another node (0 = unknown, ignored) and returns the stamp of the
     * receive event, which is greater than both the remote stamp and every earlier local stamp.
     */
    public synchronized long observe(long remoteHlc, long physicalMs) {
        if (remoteHlc <= 0) {
            return now(physicalMs);
        }
        long lastMs = physicalMs(last);
        long remoteMs = physicalMs(remoteHlc);
        long ms = Math.max(Math.max(lastMs, remoteMs), clampMs(physicalMs));
        long logical;
        if (ms == lastMs && ms == remoteMs) {
            logical = Math.max(logical(last), logical(remoteHlc)) + 1;
        } else if (ms == lastMs) {
            logical = logical(last) + 1;
        } else if (ms == remoteMs) {
            logical = logical(remoteHlc) + 1;
        } else {
            logical = 0;
        }
        last = normalize(ms, logical);
        return last;
    }

    /** The latest stamp handed out or observed. */
    public synchronized long last() {
        return last;
    }

    public static long encode(long physicalMs, long logical) {
        if (physicalMs < 0 || physicalMs > MAX_MS || logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("hlc out of range: " + physicalMs + "ms + " + logical);
        }
        return (physicalMs << LOGICAL_BITS) | logical;
    }

    public static long physicalMs(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static long logical(long hlc) {
        return hlc & MAX_LOGICAL;
    }

    /** Human-readable form, e.g. {@code 2026-11-25T09:57:57.123Z+4}. */
    public static String format(long hlc) {
        return Instant.ofEpochMilli(physicalMs(hlc)) + "+" + logical(hlc);
    }

    /** Orders two stamps from possibly different nodes; equal stamps are ordered by node name. */
    public static int compare(long hlcA, String nodeA, long hlcB, String nodeB) {
        int byStamp = Long.compare(hlcA, hlcB);
        return byStamp != 0 ? byStamp : nodeA.compareTo(nodeB);
    }

    // A logical counter that overflows borrows the next millisecond: stamps stay unique and ordered
    // at the cost of running up to a millisecond ahead under >65k events per ms.
    private static long normalize(long ms, long logical) {
        if (logical > MAX_LOGICAL) {
            return encode(ms + 1, 0);
        }
        return encode(ms, logical);
    }

    private static long clampMs(long physicalMs) {
        return Math.max(0, Math.min(physicalMs, MAX_MS));
    }
}
