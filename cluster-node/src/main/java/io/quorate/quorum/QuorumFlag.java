package io.quorate.quorum;

/** The votequorum flags, in the order {@code corosync-quorumtool} prints them. */
public enum QuorumFlag {
    TWO_NODE("2Node", "two_node: a two-node cluster keeps quorum with one node"),
    QUORATE("Quorate", "this partition has quorum"),
    WAIT_FOR_ALL("WaitForAll", "wait_for_all: no quorum until all nodes were seen together once"),
    LAST_MAN_STANDING("LastManStanding", "last_man_standing: expected votes follow a shrinking cluster"),
    AUTO_TIE_BREAKER("AutoTieBreaker", "auto_tie_breaker: on an exact half split the lowest node id wins");

    private final String corosyncName;
    private final String description;

    QuorumFlag(String corosyncName, String description) {
        this.corosyncName = corosyncName;
        this.description = description;
    }

    /** The name corosync-quorumtool prints on its {@code Flags:} line. */
    public String corosyncName() {
        return corosyncName;
    }

    public String description() {
        return description;
    }
}
