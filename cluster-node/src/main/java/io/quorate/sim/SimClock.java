package io.quorate.sim;

/**
 * A node's own clock in the simulation: it runs at (1 + drift) times the true rate from an offset,
 * so timeouts on different nodes disagree a little, as real oscillators do.
 */
record SimClock(long offsetMs, double drift) {

    long localTime(long trueTime) {
        return offsetMs + (long) Math.floor(trueTime * (1 + drift));
    }

    /** The earliest true time at which the local clock reads at least {@code localTime}. */
    long trueTimeOf(long localTime) {
        if (localTime == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long estimate = (long) Math.ceil((localTime - offsetMs) / (1 + drift));
        while (localTime(estimate) < localTime) {
            estimate++;
        }
        while (estimate > 0 && localTime(estimate - 1) >= localTime) {
            estimate--;
        }
        return estimate;
    }
}
