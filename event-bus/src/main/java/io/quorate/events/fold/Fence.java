package io.quorate.events.fold;

/**
 * A fence in progress: requested ({@code fence.requested}, or the master moved the node to
 * {@code fence}) and not yet acknowledged. A {@code fence.failed} leaves it in progress: recovery then
 * waits for the watchdog path.
 *
 * @param requestedBy id of the event that started it
 */
public record Fence(String node, String requestedBy) {
}
