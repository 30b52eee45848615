package io.quorate.events;

/**
 * Cluster locks in the config tree (pmxcfs {@code priv/lock/*}). {@code epoch} is the fencing
 * token of one acquisition: the version at which it was granted.
 */
public sealed interface LockEvent extends EventData {

    @EventType("lock.acquired")
    record Acquired(String lock, String holder, long epoch) implements LockEvent {
    }

    @EventType("lock.renewed")
    record Renewed(String lock, String holder, long epoch, long version) implements LockEvent {
    }

    @EventType("lock.released")
    record Released(String lock, String holder, long epoch) implements LockEvent {
    }

    /** This node judged the lock expired: no renewal seen for {@code expiryMs} on its own clock. */
    @EventType("lock.expired")
    record Expired(String lock, String holder, long epoch, long expiryMs) implements LockEvent {
    }

    /** The holder stopped believing it holds the lock (its last renewal is too old, or it lost quorum). */
    @EventType("lock.lost")
    record Lost(String lock, long epoch, String reason) implements LockEvent {
    }
}
