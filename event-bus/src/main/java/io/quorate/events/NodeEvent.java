package io.quorate.events;

/** Node process lifecycle, and what runs it outside normal operation (injected faults, unsafe options). */
public sealed interface NodeEvent extends EventData {

    @EventType("node.started")
    record Started(int nodeId, String softwareVersion, String address) implements NodeEvent {
    }

    @EventType("node.stopping")
    record Stopping(int nodeId, String reason) implements NodeEvent {
    }

    /**
     * Faults injected at this node's boundary now in force (chaos): each outgoing cluster packet is
     * held {@code delayMs} plus a uniform {@code 0..jitterMs} drawn from a generator seeded with
     * {@code jitterSeed}, and the clock the node's services see is shifted by {@code clockOffsetMs}.
     */
    @EventType("node.faults_set")
    record FaultsSet(long delayMs, long jitterMs, long jitterSeed, long clockOffsetMs) implements NodeEvent {
    }

    /** The injected faults were lifted; the fields say what was in force until now. */
    @EventType("node.faults_cleared")
    record FaultsCleared(long delayMs, long jitterMs, long clockOffsetMs) implements NodeEvent {
    }

    /** The node runs with an option that gives up a safety guarantee (test labs only); recorded at start. */
    @EventType("node.unsafe_option")
    record UnsafeOption(String option, String consequence) implements NodeEvent {
    }
}
