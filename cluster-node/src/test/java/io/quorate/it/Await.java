package io.quorate.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits on a condition with a deadline (never a bare sleep as synchronisation). */
public final class Await {
    private Await() {
    }

    public static void until(Duration limit, Supplier<Boolean> condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit.toSeconds() + " s; last state: " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
