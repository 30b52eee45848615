package io.quorate.events.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@code quorate replay} looks at: events from {@code from} to {@code to} (inclusive), and
 * optionally the state at instant {@code at} (within the window).
 *
 * <p>Nodes emit a {@code snapshot.view} every 30 s, so reading from {@link #readFrom()} ({@code from}
 * minus {@link #SNAPSHOT_LOOKBACK}: two periods and some slack) finds each live node's last snapshot
 * before {@code from}, where its fold starts.
 */
public record ReplayWindow(Instant from, Instant to, Instant at) {
    public static final Duration SNAPSHOT_LOOKBACK = Duration.ofSeconds(65);

    public ReplayWindow {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a replay needs --from and --to");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + Rfc3339.format(from) + " is after --to " + Rfc3339.format(to));
        }
        if (at != null && (at.isBefore(from) || at.isAfter(to))) {
            throw new IllegalArgumentException("--at " + Rfc3339.format(at) + " is outside the window "
                    + Rfc3339.format(from) + " .. " + Rfc3339.format(to));
        }
    }

    /** The window from command-line text; a bad time fails with a one-line message naming the option. */
    public static ReplayWindow parse(String from, String to, String at) {
        return new ReplayWindow(Rfc3339.parse(from, "--from"), Rfc3339.parse(to, "--to"),
                at == null ? null : Rfc3339.parse(at, "--at"));
    }

    /** Where reading starts: early enough to include each node's last snapshot before {@code from}. */
    public Instant readFrom() {
        return from.minus(SNAPSHOT_LOOKBACK);
    }

    public boolean contains(Instant time) {
        return !time.isBefore(from) && !time.isAfter(to);
    }
}
