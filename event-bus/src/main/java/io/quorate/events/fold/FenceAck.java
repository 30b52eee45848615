package io.quorate.events.fold;

/**
 * Proof that a node is dead: a {@code fence.succeeded} for it, or the CRM master moving it from
 * {@code fence} to {@code unknown} (its agent lock was taken under the watchdog guarantee).
 *
 * @param eventId  the event that acknowledged the fence
 * @param position fold position of that event ({@link ClusterState#position()})
 */
public record FenceAck(String node, String eventId, long position) {
}
