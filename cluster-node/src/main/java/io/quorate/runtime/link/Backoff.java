package io.quorate.runtime.link;

import java.time.Duration;

/** Delays between connection attempts to one peer: {@link #FIRST}, doubling up to {@link #MAX}. */
final class Backoff {
    static final Duration FIRST = Duration.ofMillis(50);
    /** Also how long a connection must have lasted for the next failure to start again at {@link #FIRST}. */
    static final Duration MAX = Duration.ofSeconds(1);

    private long nextMillis = FIRST.toMillis();

    /** The delay before the next attempt; each call doubles the one after, up to {@link #MAX}. */
    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(nextMillis * 2, MAX.toMillis());
        return delay;
    }

    void reset() {
        nextMillis = FIRST.toMillis();
    }
}
