package io.quorate.runtime.link;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Waits on a condition or a future with a deadline (never a bare sleep as synchronisation). */
final class Await {
    static final Duration LIMIT = Duration.ofSeconds(10);

    private Await() {
    }

    static void until(Supplier<Boolean> condition, Supplier<String> state) throws InterruptedException {
        io.quorate.it.Await.until(LIMIT, condition, state);
    }

    static <T> T result(Future<T> future) throws Exception {
        return result(future.toCompletionStage().toCompletableFuture());
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
