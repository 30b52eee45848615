package io.quorate.events;

import java.util.List;

/** Membership (Corosync's role): views, joins, leaves, and packets that were refused. */
public sealed interface MembershipEvent extends EventData {

    /** One member of a view: corosync node id and node name. */
    record Member(int nodeId, String name) {
    }

    /** A new view was installed; every node that installs this ring id installs these members. */
    @EventType("membership.view_agreed")
    record ViewAgreed(String ringId, int representative, long sequence, List<Member> members)
            implements MembershipEvent {
    }

    /** A node entered the local view. */
    @EventType("membership.member_joined")
    record MemberJoined(int nodeId, String name, String ringId) implements MembershipEvent {
    }

    /** A node left the local view; reason is {@code failed} (silent past the token) or {@code left} (clean leave). */
    @EventType("membership.member_left")
    record MemberLeft(int nodeId, String name, String ringId, String reason) implements MembershipEvent {
    }

    /** The failure detector stopped hearing a peer (no valid heartbeat for the token timeout). */
    @EventType("membership.peer_suspected")
    record PeerSuspected(int nodeId, String name, long silentMs) implements MembershipEvent {
    }

    /** This node proposed a view as its representative. */
    @EventType("membership.view_proposed")
    record ViewProposed(String ringId, List<Integer> members) implements MembershipEvent {
    }

    /** A proposal did not gather every member's acknowledgement in time and was abandoned. */
    @EventType("membership.view_abandoned")
    record ViewAbandoned(String ringId, List<Integer> missingAcks) implements MembershipEvent {
    }

    /**
     * Packets from one source were dropped (bad MAC, replay, wrong version, malformed, oversized).
     * Emitted once per source and reason; {@code count} says how many were dropped so far.
     */
    @EventType("membership.packet_rejected")
    record PacketRejected(String source, String reason, long count) implements MembershipEvent {
    }

    /** The cluster configuration (nodelist) changed to a new config_version. */
    @EventType("membership.config_applied")
    record ConfigApplied(long configVersion, List<Member> nodelist) implements MembershipEvent {
    }
}
