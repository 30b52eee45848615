package io.quorate.protocol;

import java.util.List;

/**
 * Everything nodes say to each other over the cluster link. Each record is one message type; the
 * codec gives each a stable one-byte tag. Lists of node ids are sorted ascending and hold no
 * duplicates.
 */
public sealed interface ClusterMessage {

    /**
     * Sent to every configured peer every heartbeat interval.
     *
     * @param sentAt           the sender's monotonic clock (ms) when it sent this heartbeat
     * @param echoSentAt       the {@code sentAt} of the latest heartbeat the sender got from the
     *                         receiver, or -1; lets the receiver measure round-trip time on its own clock
     * @param echoHeldMs       how long the sender held that echo before sending this one
     * @param installed        the view the sender has installed ({@link RingId#NONE} if none)
     * @param highestSequence  the highest ring sequence the sender has seen anywhere
     * @param hears            the node ids the sender currently hears from (itself included)
     * @param configVersion    the sender's corosync.conf config_version
     * @param expectedVotes    the sender's current expected votes (votequorum)
     */
    record Heartbeat(long sentAt, long echoSentAt, long echoHeldMs, RingId installed, long highestSequence,
                     List<Integer> hears, long configVersion, int expectedVotes) implements ClusterMessage {
        public Heartbeat {
            hears = List.copyOf(hears);
        }
    }

    /** A representative proposes a view; every listed member answers with {@link ViewAck}. */
    record ViewProposal(RingId ring, List<Integer> members) implements ClusterMessage {
        public ViewProposal {
            members = List.copyOf(members);
        }
    }

    /** A member accepts a proposal. */
    record ViewAck(RingId ring) implements ClusterMessage {
    }

    /** Every member acknowledged: install this view. */
    record ViewCommit(RingId ring, List<Integer> members) implements ClusterMessage {
        public ViewCommit {
            members = List.copyOf(members);
        }
    }

    /** The sender is stopping cleanly; drop it from the view at once instead of waiting for the token. */
    record Leave() implements ClusterMessage {
    }

    /** Administrator lowered (or raised) expected votes, as {@code corosync-quorumtool -e}. */
    record SetExpectedVotes(int expectedVotes) implements ClusterMessage {
    }

    /** The full text of a corosync.conf with the given config_version. */
    record ConfigOffer(long configVersion, String corosyncConf) implements ClusterMessage {
    }

    /** Asks a peer that announced a higher config_version for its corosync.conf. */
    record ConfigRequest(long haveVersion) implements ClusterMessage {
    }

    /**
     * Messages of the replicated config log (Raft). They travel over the authenticated stream link
     * (TCP), not UDP: entries and snapshot chunks can be far larger than a datagram.
     */
    sealed interface Replication extends ClusterMessage {
        /** The sender's term; every replication message carries one. */
        long term();
    }

    /**
     * Asks for a vote. A pre-vote ({@code preVote}) asks "would you vote for me in {@code term}?"
     * without anyone changing term, so a node that was cut off cannot disrupt a working leader.
     */
    record VoteRequest(long term, long lastLogIndex, long lastLogTerm, boolean preVote) implements Replication {
    }

    record VoteReply(long term, boolean granted, boolean preVote) implements Replication {
    }

    /**
     * Log entries (none for a heartbeat) after {@code prevLogIndex}. {@code readRound} numbers the
     * leader's heartbeat rounds: a reply echoing it confirms leadership for linearizable reads.
     */
    record AppendEntries(long term, long prevLogIndex, long prevLogTerm, long leaderCommit, long readRound,
                         List<LogEntry> entries) implements Replication {
        public AppendEntries {
            entries = List.copyOf(entries);
        }
    }

    /**
     * {@code matchIndex}: on success the last index known to match the leader's log; on failure a
     * hint where the follower's log might match (its last index, or before the conflicting term).
     */
    record AppendReply(long term, boolean success, long matchIndex, long readRound) implements Replication {
    }

    /** One chunk of a snapshot of the config tree, for a follower whose log is too far behind. */
    record SnapshotChunk(long term, long lastIndex, long lastTerm, long offset, long totalBytes, Blob data)
            implements Replication {
    }

    /** The follower has the snapshot up to {@code nextOffset} ({@code == totalBytes}: installed). */
    record SnapshotAck(long term, long lastIndex, long nextOffset) implements Replication {
    }

    /** A follower hands a client's command to the leader; the leader answers with {@link ProposalOutcome}. */
    record ForwardedProposal(long term, long requestId, Blob command) implements Replication {
    }

    /**
     * What became of a forwarded proposal: {@code index} is where it was committed (0 if it was not),
     * {@code status} one of the codes of the config tree's results, {@code detail} the reason.
     */
    record ProposalOutcome(long term, long requestId, int status, long index, String detail) implements Replication {
    }

    /** A follower asks the leader for a read index (linearizable read). */
    record ReadIndexRequest(long term, long requestId) implements Replication {
    }

    /** The commit index a linearizable read must wait for, or -1 if the leader could not confirm itself. */
    record ReadIndexReply(long term, long requestId, long readIndex) implements Replication {
    }
}
