package io.quorate.quorum;

import io.quorate.events.QuorumEvent;
import io.quorate.protocol.RingId;
import java.util.List;

/**
 * The votequorum state of one node, as {@code corosync-quorumtool -s} prints it. Immutable; the core
 * rebuilds it only when something changed, so reading it on every heartbeat costs nothing.
 *
 * @param members         the members of the installed view in node-id order, with their configured votes
 * @param expectedVotes   this node's expected votes
 * @param highestExpected the highest expected votes announced by any member
 * @param totalVotes      the votes of the members of the view
 * @param flags           corosync's flag names in corosync-quorumtool's order
 */
public record QuorumStatus(int localNodeId, RingId ring, List<Member> members, int expectedVotes,
                           int highestExpected, int totalVotes, int quorum, boolean quorate, List<String> flags) {

    /** One member of the view and the votes it brings. */
    public record Member(int nodeId, String name, int votes) {
    }

    public QuorumStatus {
        members = List.copyOf(members);
        flags = List.copyOf(flags);
    }

    /** How many nodes are in the view ({@code Nodes:}). */
    public int nodes() {
        return members.size();
    }

    /** The numbers as the quorum events carry them. */
    public QuorumEvent.Votes votes() {
        return new QuorumEvent.Votes(expectedVotes, highestExpected, totalVotes, quorum, flags);
    }
}
