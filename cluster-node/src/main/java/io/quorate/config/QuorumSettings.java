package io.quorate.config;

/**
 * votequorum's options from corosync.conf's {@code quorum} section (provider corosync_votequorum).
 *
 * @param expectedVotes           {@code expected_votes}, positive; null when unset (then the nodelist's votes
 *                                count), as the quorum core takes it
 * @param twoNode                 {@code two_node}: a two-node cluster stays quorate with one node, default off
 * @param waitForAll              {@code wait_for_all}: first quorum only once all nodes were seen;
 *                                defaults to {@code two_node}, as in votequorum
 * @param lastManStanding         {@code last_man_standing}: lower expected votes as nodes leave, default off
 * @param lastManStandingWindowMs {@code last_man_standing_window}: wait before doing so, default
 *                                {@value #DEFAULT_LAST_MAN_STANDING_WINDOW_MS} ms
 * @param autoTieBreaker          {@code auto_tie_breaker}: on an even split the half with the lowest
 *                                node id keeps quorum, default off
 */
public record QuorumSettings(Integer expectedVotes, boolean twoNode, boolean waitForAll, boolean lastManStanding,
                             long lastManStandingWindowMs, boolean autoTieBreaker) {

    public static final String PROVIDER = "corosync_votequorum";
    public static final long DEFAULT_LAST_MAN_STANDING_WINDOW_MS = 10_000;
}
