package io.quorate.runtime.link;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vertx.core.Future;

/** Waits on a condition or a future with a deadline (never a bare sleep as synchronisation). */
final class Await {
    static final Duration LIMIT = Duration.ofSeconds(10);

    private Await() {
    }

    static void until(Supplier<Boolean> condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + LIMIT.toSeconds() + " s; last state: " + state.get());
            }
            Thread.sleep(10);
        }
    }

    static <T> T result(Future<T> future) throws Exception {
        return result(future.toCompletionStage().toCompletableFuture());
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
