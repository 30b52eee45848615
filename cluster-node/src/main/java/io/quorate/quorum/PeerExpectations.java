package io.quorate.quorum;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The expected votes each other member last announced in its heartbeats.
 *
 * <p>corosync delivers votequorum messages in total order, so once a new expected value is agreed no
 * member can still be heard with the old one. Our heartbeats are not ordered with the
 * {@code SetExpectedVotes} message: a heartbeat sent just before a peer applied the new value may
 * arrive after it. So after a new value is set, each peer must be seen adopting it before its higher
 * announcements count again; until then they are stale, and the peer is told the value once more.
 */
final class PeerExpectations {

    /** What one announcement did to a peer's recorded value. */
    enum Outcome {
        UNCHANGED("same value as recorded: nothing to recompute"),
        RAISED("higher than recorded: may raise quorum"),
        LOWERED("lower than recorded: the peer lowered it through an allowed path, quorum may follow"),
        STALE("higher than the value the peer was told to adopt: sent before it adopted it, ignored");

        private final String description;

        Outcome(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private final Map<Integer, Integer> announced = new HashMap<>();
    private final Map<Integer, Integer> awaitingAdoption = new HashMap<>();

    /**
     * Records an announcement.
     *
     * @param unannounced what the peer counts for while it has announced nothing (this node's own
     *                    expected votes, as corosync assumes for a peer it has no word from)
     */
    Outcome announce(int nodeId, int expected, int unannounced) {
        Integer awaited = awaitingAdoption.get(nodeId);
        if (awaited != null) {
            if (expected > awaited) {
                return Outcome.STALE;
            }
            awaitingAdoption.remove(nodeId);
        }
        int previous = announced.getOrDefault(nodeId, unannounced);
        announced.put(nodeId, expected);
        if (expected == previous) {
            return Outcome.UNCHANGED;
        }
        return expected > previous ? Outcome.RAISED : Outcome.LOWERED;
    }

    /** The value a peer has been told to adopt and has not yet been seen announcing. */
    OptionalInt awaited(int nodeId) {
        Integer awaited = awaitingAdoption.get(nodeId);
        return awaited == null ? OptionalInt.empty() : OptionalInt.of(awaited);
    }

    /** The highest expected votes among {@code peers}, or {@code own} if higher. */
    int highest(int own, Collection<Integer> peers) {
        int highest = own;
        for (int peer : peers) {
            highest = Math.max(highest, announced.getOrDefault(peer, own));
        }
        return highest;
    }

    /** Every one of {@code peers} now counts for {@code expected}, as corosync's update_node_expected_votes. */
    void assumeAll(Collection<Integer> peers, int expected) {
        for (int peer : peers) {
            announced.put(peer, expected);
        }
    }

    /** Until each of {@code peers} announces at most {@code expected}, its higher announcements are stale. */
    void awaitAdoption(Collection<Integer> peers, int expected) {
        for (int peer : peers) {
            awaitingAdoption.put(peer, expected);
        }
    }

    /**
     * A new view: forget departed peers (a rejoining node announces afresh) and stop waiting for
     * adoptions, so that a peer whose own view settles on another value is never distrusted for long.
     */
    void newView(Collection<Integer> members) {
        announced.keySet().retainAll(members);
        awaitingAdoption.clear();
    }
}
