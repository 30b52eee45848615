package io.quorate.chaos.run;

/**
 * Faults a node injects into itself: latency at its transport's boundary (this kernel has no netem)
 * and an offset of its injected clock (namespaces share the host clock).
 */
public interface NodeFaultControl {
    /** Delays the node's outgoing cluster packets by {@code delayMs} plus up to {@code jitterMs} (which also reorders). */
    void latency(String node, long delayMs, long jitterMs);

    void clearLatency(String node);

    void clockOffset(String node, long offsetMs);

    void clearClockOffset(String node);
}
