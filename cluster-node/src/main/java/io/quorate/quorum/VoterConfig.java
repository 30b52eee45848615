package io.quorate.quorum;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything votequorum takes from corosync.conf: the voters of the nodelist and the quorum options. */
public record VoterConfig(List<Voter> voters, QuorumOptions options) {
    public VoterConfig {
        voters = voters.stream().sorted(Comparator.comparingInt(Voter::nodeId)).toList();
    }

    public Optional<Voter> voter(int nodeId) {
        return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
    }

    /** Votes of a configured node; a node missing from the nodelist counts nothing. */
    public int votesOf(int nodeId) {
        return voter(nodeId).map(Voter::votes).orElse(0);
    }

    /** The nodelist name of a node, or {@code node<id>} for a node the nodelist does not name. */
    public String nameOf(int nodeId) {
        return voter(nodeId).map(Voter::name).orElse("node" + nodeId);
    }

    /** The sum of the nodelist votes. */
    public int nodelistVotes() {
        return voters.stream().mapToInt(Voter::votes).sum();
    }

    /** {@code quorum.expected_votes} when set, else the sum of the nodelist votes. */
    public int configuredExpectedVotes() {
        return options.expectedVotes() != null ? options.expectedVotes() : nodelistVotes();
    }

    /** The lowest node id of the whole nodelist: auto_tie_breaker's winner. */
    public int lowestNodeId() {
        return voters.isEmpty() ? 0 : voters.get(0).nodeId();
    }
}
