package io.quorate.quorum;

/**
 * The votequorum options of a corosync.conf {@code quorum} section, already resolved by the parser
 * (for example {@code two_node} turning on {@code wait_for_all} unless that was set explicitly).
 *
 * @param expectedVotes           {@code quorum.expected_votes}, or null to use the sum of the nodelist votes
 * @param twoNode                 {@code two_node}: a two-node cluster keeps quorum with one node
 * @param waitForAll              {@code wait_for_all}: no quorum until all nodes were seen together once
 * @param lastManStanding         {@code last_man_standing}: lower expected votes after losing nodes
 * @param lastManStandingWindowMs {@code last_man_standing_window}: how long a smaller view must last first
 * @param autoTieBreaker          {@code auto_tie_breaker}: on an exact half split the half with the lowest node id wins
 */
public record QuorumOptions(Integer expectedVotes, boolean twoNode, boolean waitForAll, boolean lastManStanding,
                            long lastManStandingWindowMs, boolean autoTieBreaker) {
    /** corosync's default {@code last_man_standing_window}. */
    public static final long DEFAULT_LAST_MAN_STANDING_WINDOW_MS = 10_000;

    /** No option set: plain majority of the nodelist votes. */
    public static QuorumOptions defaults() {
        return new QuorumOptions(null, false, false, false, DEFAULT_LAST_MAN_STANDING_WINDOW_MS, false);
    }
}
