package io.quorate.events;

/** A guest (VM or container stand-in) on this node, as the LRM starts, stops and checks it. */
public sealed interface GuestEvent extends EventData {

    @EventType("guest.started")
    record Started(String sid, long durationMs) implements GuestEvent {
    }

    @EventType("guest.start_failed")
    record StartFailed(String sid, String reason, int attempt) implements GuestEvent {
    }

    @EventType("guest.stopped")
    record Stopped(String sid, String reason) implements GuestEvent {
    }

    /** The guest was found not running although the LRM had started it (crash, kill). */
    @EventType("guest.died")
    record Died(String sid) implements GuestEvent {
    }
}
