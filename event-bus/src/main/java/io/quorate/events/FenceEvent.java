package io.quorate.events;

/**
 * Fencing a node: with hardware (IPMI power off, proved by a status read back) or by its watchdog
 * (proved by taking its agent lock, which expires only after the watchdog must have fired).
 */
public sealed interface FenceEvent extends EventData {

    /** {@code method} is {@code ipmi} or {@code watchdog}. */
    @EventType("fence.requested")
    record Requested(String node, String method, String reason) implements FenceEvent {
    }

    /** One IPMI power-off attempt against the node's BMC and what its status reads said. */
    @EventType("fence.ipmi")
    record IpmiAttempt(String node, String bmc, int attempt, boolean poweredOff, long durationMs, int statusReads,
                       String detail) implements FenceEvent {
    }

    /** The node is proved fenced; its services may be recovered. */
    @EventType("fence.succeeded")
    record Succeeded(String node, String method, long durationMs) implements FenceEvent {
    }

    /** Hardware fencing gave up; recovery waits for the watchdog path (agent lock expiry). */
    @EventType("fence.failed")
    record Failed(String node, String method, String reason, long durationMs) implements FenceEvent {
    }

    /**
     * No fencing at all: the master runs with an unsafe option and treats a node that left the
     * quorate view as fenced at once, so its services are recovered while it may still run them.
     */
    @EventType("fence.presumed_unsafe")
    record PresumedUnsafe(String node, String option) implements FenceEvent {
    }
}
