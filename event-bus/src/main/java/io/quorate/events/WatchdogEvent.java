package io.quorate.events;

/**
 * This node's watchdog in its supervisor process. It is fed only with proof of a lock renewal, and
 * fires (killing the node and its guests) when feeds stop — seen by the node only when it returns.
 */
public sealed interface WatchdogEvent extends EventData {

    @EventType("watchdog.armed")
    record Armed(long timeoutMs, String role) implements WatchdogEvent {
    }

    @EventType("watchdog.disarmed")
    record Disarmed(String reason) implements WatchdogEvent {
    }

    /** The supervisor cannot be reached or refused: services cannot run here. */
    @EventType("watchdog.unavailable")
    record Unavailable(String reason) implements WatchdogEvent {
    }

    /** At start, the supervisor said its watchdog fired while this node was away. */
    @EventType("watchdog.fired")
    record Fired(String detail) implements WatchdogEvent {
    }
}
