package io.quorate.runtime;

import java.util.function.LongSupplier;

/**
 * The one clock a node's services read: the monotonic milliseconds handed to the cores and the
 * wall time that stamps events and the hybrid clock. Both carry the same adjustable offset, so a
 * chaos runner can step a live node's clock (namespaces share the host's clock, so it cannot be
 * done from outside). Physical deadlines that guard safety — the watchdog supervisor's, which
 * shares CLOCK_MONOTONIC with another process — do not read this clock. Thread-safe.
 */
public final class NodeClock {
    private final LongSupplier monotonicNanos;
    private final LongSupplier wallMillis;
    private final long startNanos;
    private volatile long offsetMs;

    NodeClock(LongSupplier monotonicNanos, LongSupplier wallMillis) {
        this.monotonicNanos = monotonicNanos;
        this.wallMillis = wallMillis;
        this.startNanos = monotonicNanos.getAsLong();
    }

    /** The host's clocks, no offset. */
    public static NodeClock system() {
        return new NodeClock(System::nanoTime, System::currentTimeMillis);
    }

    /**
     * Milliseconds since this clock was made, from 1, plus the offset. Never below 1 (the cores
     * count from 1): a negative step larger than the node's age holds the clock at 1 until it
     * catches up.
     */
    public long monotonicMs() {
        return Math.max(1, (monotonicNanos.getAsLong() - startNanos) / 1_000_000 + 1 + offsetMs);
    }

    /** Wall time in epoch milliseconds, plus the offset. */
    public long wallMs() {
        return wallMillis.getAsLong() + offsetMs;
    }

    public long offsetMs() {
        return offsetMs;
    }

    /** Steps both readings by {@code offsetMs} from the host's (replaces any earlier offset; 0 clears it). */
    public void setOffsetMs(long offsetMs) {
        this.offsetMs = offsetMs;
    }
}
