package io.quorate.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Faults a chaos runner injects at a live node's boundary, since this kernel has no netem and
 * namespaces share the host's clock: every outgoing cluster packet (UDP datagram or stream-link
 * frame) is held {@code delayMs} plus a uniform {@code 0..jitterMs} drawn from a generator seeded
 * with {@code jitterSeed}; the node's clock is stepped by {@code clockOffsetMs}. Problems are named
 * by the API's field names ({@code delay_ms}, ...), which the CLI and the Java client share.
 */
public record NodeFaults(long delayMs, long jitterMs, long jitterSeed, long clockOffsetMs) {
    /** Longest delay or jitter: beyond it a peer is simply gone, which partitions express better. */
    public static final long MAX_DELAY_MS = 60_000;
    /** Largest clock step either way. */
    public static final long MAX_CLOCK_OFFSET_MS = 3_600_000;
    public static final NodeFaults NONE = new NodeFaults(0, 0, 0, 0);

    public NodeFaults {
        Map<String, String> problems = problems(delayMs, jitterMs, clockOffsetMs);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder();
            problems.forEach((field, problem) -> message.append(message.isEmpty() ? "" : "; ").append(field).append(": ").append(problem));
            throw new IllegalArgumentException(message.toString());
        }
    }

    /** What is wrong with these values, by API field name; empty when they are fine. */
    public static Map<String, String> problems(long delayMs, long jitterMs, long clockOffsetMs) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            problems.put("delay_ms", "must be between 0 and " + MAX_DELAY_MS + " ms, got " + delayMs);
        }
        if (jitterMs < 0 || jitterMs > MAX_DELAY_MS) {
            problems.put("jitter_ms", "must be between 0 and " + MAX_DELAY_MS + " ms, got " + jitterMs);
        }
        if (Math.abs(clockOffsetMs) > MAX_CLOCK_OFFSET_MS) {
            problems.put("clock_offset_ms", "must be between -" + MAX_CLOCK_OFFSET_MS + " and " + MAX_CLOCK_OFFSET_MS
                    + " ms, got " + clockOffsetMs);
        }
        return problems;
    }

    /** Whether any packet is delayed. */
    public boolean delaysPackets() {
        return delayMs > 0 || jitterMs > 0;
    }

    /** Whether anything at all is injected. */
    public boolean active() {
        return delaysPackets() || clockOffsetMs != 0;
    }
}
