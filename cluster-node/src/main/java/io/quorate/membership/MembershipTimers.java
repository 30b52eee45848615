package io.quorate.membership;

/**
 * Timing of the membership protocol, all in milliseconds of the node's own monotonic clock.
 *
 * @param tokenMs           a peer silent this long is suspected (corosync's {@code token})
 * @param consensusMs       how long a node left out of every proposal waits before it installs a
 *                          view of itself alone (corosync's {@code consensus}, default 1.2 × token)
 * @param heartbeatMs       interval between heartbeats to each peer: token / 4, so three lost
 *                          heartbeats in a row are still tolerated before suspicion
 * @param proposalTimeoutMs a proposal not acknowledged by every member within this time is
 *                          abandoned and retried: two heartbeat intervals
 */
public record MembershipTimers(long tokenMs, long consensusMs, long heartbeatMs, long proposalTimeoutMs) {

    public MembershipTimers {
        if (tokenMs < 10) {
            throw new IllegalArgumentException("token must be at least 10 ms, got " + tokenMs);
        }
        if (consensusMs <= 0 || heartbeatMs <= 0 || proposalTimeoutMs <= 0) {
            throw new IllegalArgumentException("membership timers must be positive");
        }
        if (heartbeatMs >= tokenMs) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatMs + " ms must be below token " + tokenMs + " ms");
        }
    }

    /** Timers derived from corosync's two settings. */
    public static MembershipTimers of(long tokenMs, long consensusMs) {
        long heartbeat = Math.max(1, tokenMs / 4);
        return new MembershipTimers(tokenMs, consensusMs, heartbeat, 2 * heartbeat);
    }

    /** Timers from the token alone, consensus = 1.2 × token as corosync defaults it. */
    public static MembershipTimers ofToken(long tokenMs) {
        return of(tokenMs, tokenMs * 12 / 10);
    }
}
