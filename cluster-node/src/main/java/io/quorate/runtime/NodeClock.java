package io.quorate.runtime;

import java.util.function.LongSupplier;

/**
 * The one clock a node's services read: the monotonic milliseconds handed to the cores and the
 * wall time that stamps events and the hybrid clock. The wall time carries an adjustable offset, so
 * a chaos runner can step a live node's clock (namespaces share the host's clock, so it cannot be
 * done from outside). As on a real host, where a step of the time of day (NTP, settimeofday) leaves
 * CLOCK_MONOTONIC alone, the monotonic reading does not move: the cores' timeouts, lock expiry and
 * the watchdog keep real time. (Stepping them too only stalls the node's timers, which a pause
 * already covers; measured: a -2.3 s step stopped its heartbeats and got it fenced.) Thread-safe.
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

    /** Milliseconds since this clock was made, from 1 (the cores count from 1); the offset does not move it. */
    public long monotonicMs() {
        return (monotonicNanos.getAsLong() - startNanos) / 1_000_000 + 1;
    }

    /** Wall time in epoch milliseconds, plus the offset. */
    public long wallMs() {
        return wallMillis.getAsLong() + offsetMs;
    }

    public long offsetMs() {
        return offsetMs;
    }

    /** Steps the wall time by {@code offsetMs} from the host's (replaces any earlier offset; 0 clears it). */
    public void setOffsetMs(long offsetMs) {
        this.offsetMs = offsetMs;
    }
}
