package io.quorate.runtime;

import java.time.Duration;

/** Waiting on a condition with a deadline, for commands outside any event loop (CLI, demo, benches, labs). */
public final class Poll {
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    private Poll() {
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds or {@code limit} has passed.
     *
     * @return true when it held, false when the deadline came first
     */
    public static <E extends Exception> boolean until(Duration limit, Duration interval, Condition<E> condition)
            throws E, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(interval.toMillis()); // the polling interval, not synchronisation
        }
        return true;
    }
}
