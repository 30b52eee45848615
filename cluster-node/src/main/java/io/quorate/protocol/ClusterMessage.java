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
}
