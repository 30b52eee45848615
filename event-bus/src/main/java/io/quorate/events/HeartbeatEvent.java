package io.quorate.events;

/** Heartbeat samples: the only events a full spool may drop. */
public sealed interface HeartbeatEvent extends EventData {

    @EventType("heartbeat.sent")
    record Sent(int peerId, String peer) implements HeartbeatEvent {
    }

    /** rttMs is the round trip measured on this node's own clock, or -1 before the first echo. */
    @EventType("heartbeat.received")
    record Received(int peerId, String peer, double rttMs) implements HeartbeatEvent {
    }
}
