package io.quorate.membership;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Chooses the view a node would like to be in: a set in which every pair of nodes hears each other
 * in both directions (a clique of the mutual-reachability graph as this node knows it), grown
 * greedily in node-id order from the local node. Requiring a clique is what keeps one-way and
 * non-transitive link failures from producing a view whose members cannot all talk.
 */
final class ViewCandidate {
    private ViewCandidate() {
    }

    /** The nodes that hear us and that we hear, ourselves included. */
    static SortedSet<Integer> mutual(int self, Map<Integer, PeerState> peers) {
        SortedSet<Integer> mutual = new TreeSet<>();
        mutual.add(self);
        for (PeerState peer : peers.values()) {
            if (peer.reportsHearing(self)) {
                mutual.add(peer.nodeId);
            }
        }
        return mutual;
    }

    static SortedSet<Integer> choose(int self, Map<Integer, PeerState> peers) {
        SortedSet<Integer> chosen = new TreeSet<>();
        chosen.add(self);
        for (int candidate : mutual(self, peers)) {
            if (candidate != self && connectedToAll(candidate, chosen, self, peers)) {
                chosen.add(candidate);
            }
        }
        return chosen;
    }

    private static boolean connectedToAll(int candidate, SortedSet<Integer> chosen, int self, Map<Integer, PeerState> peers) {
        PeerState candidateState = peers.get(candidate);
        for (int member : chosen) {
            if (member == self) {
                continue; // mutual() already established this pair
            }
            PeerState memberState = peers.get(member);
            if (!candidateState.reportsHearing(member) || !memberState.reportsHearing(candidate)) {
                return false;
            }
        }
        return true;
    }
}
