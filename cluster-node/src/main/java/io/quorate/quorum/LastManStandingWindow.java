package io.quorate.quorum;

/** The pending end of a last_man_standing window, if any. */
final class LastManStandingWindow {
    private static final long NONE = Long.MAX_VALUE;

    private long endsAt = NONE;

    void restart(long now, long windowMs) {
        endsAt = now + windowMs;
    }

    void cancel() {
        endsAt = NONE;
    }

    boolean hasEnded(long now) {
        return endsAt != NONE && now >= endsAt;
    }

    /** When the window ends, or {@link Long#MAX_VALUE} when none is running. */
    long endsAt() {
        return endsAt;
    }
}
