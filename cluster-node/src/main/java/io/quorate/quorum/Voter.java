package io.quorate.quorum;

/** One node of the corosync.conf nodelist and its {@code quorum_votes}. */
public record Voter(int nodeId, String name, int votes) {
    public Voter {
        if (nodeId < 1) {
            throw new IllegalArgumentException("nodeid must be positive: " + nodeId);
        }
        if (votes < 0) {
            throw new IllegalArgumentException("quorum_votes must not be negative: " + votes);
        }
    }
}
