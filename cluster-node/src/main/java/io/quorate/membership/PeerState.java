package io.quorate.membership;

import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.RingId;
import java.util.Set;
import java.util.TreeSet;

/** What this node knows about one configured peer, on its own clock. */
final class PeerState {
    final int nodeId;
    /** Local time of the latest valid heartbeat, or Long.MIN_VALUE when never heard / left. */
    long lastHeardAt = Long.MIN_VALUE;
    boolean alive;
    /** The peer said goodbye (clean stop); its departure is reported as "left", not "failed". */
    boolean leftCleanly;
    /** The peer's latest report of whom it hears. */
    Set<Integer> hears = new TreeSet<>();
    RingId installed = RingId.NONE;
    /** The peer's sentAt of its latest heartbeat, echoed back so it can measure round-trip time. */
    long lastPeerSentAt = -1;
    long lastPeerHeartbeatReceivedAt;
    double lastRttMs = -1;

    PeerState(int nodeId) {
        this.nodeId = nodeId;
    }

    void heard(Heartbeat heartbeat, long now) {
        lastHeardAt = now;
        alive = true;
        leftCleanly = false;
        hears = new TreeSet<>(heartbeat.hears());
        installed = heartbeat.installed();
        lastPeerSentAt = heartbeat.sentAt();
        lastPeerHeartbeatReceivedAt = now;
    }

    void forget() {
        alive = false;
        lastHeardAt = Long.MIN_VALUE;
        hears = new TreeSet<>();
        installed = RingId.NONE;
    }

    /** True when the peer reports hearing {@code nodeId}; only meaningful while alive. */
    boolean reportsHearing(int nodeId) {
        return alive && hears.contains(nodeId);
    }
}
