package io.quorate.ha.guest;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Maps {@link System#nanoTime()} readings to wall-clock time by one pairing taken at start, so all
 * times of a report come from the one monotonic clock the rounds are judged on and a wall-clock
 * step during a run cannot reorder them.
 *
 * @param startNanos {@code System.nanoTime()} at start
 * @param startInstant wall-clock time at the same moment
 */
public record ProbeClock(long startNanos, Instant startInstant) {

    static ProbeClock now() {
        return new ProbeClock(System.nanoTime(), Instant.now());
    }

    public Instant instant(long nanos) {
        return startInstant.plusNanos(nanos - startNanos);
    }

    /** Milliseconds since start (negative before it). */
    public long offsetMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
    }

    /** {@code 2025-01-02T03:04:05.678Z (+1234 ms)}. */
    public String format(long nanos) {
        return Rfc3339.format(instant(nanos)) + " (+" + offsetMillis(nanos) + " ms)";
    }
}
