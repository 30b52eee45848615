package io.quorate.events.fold;

/**
 * A cluster lock and its holder.
 *
 * @param epoch the acquisition's fencing token; 0 when the hold was taken from a snapshot (unknown)
 */
public record LockHold(String lock, String holder, long epoch) {
}
