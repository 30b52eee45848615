package io.quorate.runtime;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Holds a node's outgoing cluster packets back by a fixed delay plus uniform random jitter: the
 * latency and reordering netem would add, at the transport's boundary. Datagrams are independent,
 * so jitter reorders them, as on a real network; stream-link frames to one peer keep their order,
 * as TCP would (a frame never leaves before an earlier one to the same peer). Nothing blocks: held
 * packets wait on the {@link Scheduler}'s timers. Use from one thread (the core's event loop).
 */
final class OutgoingDelay {
    /** Timers and the time they run on (real monotonic time: a clock offset must not change delays). */
    interface Scheduler {
        long nowMs();

        /** Runs {@code action} on the caller's thread after {@code delayMs} (at least 1). */
        void schedule(long delayMs, Runnable action);
    }

    private record Held(long dueMs, Runnable send) {
    }

    private final Scheduler scheduler;
    /** Frames held per peer, in sending order, with non-decreasing due times. */
    private final Map<Integer, ArrayDeque<Held>> frames = new HashMap<>();
    private long delayMs;
    private long jitterMs;
    private RandomGenerator jitter;

    OutgoingDelay(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Delays what is sent from now on (0 and 0: none); {@code jitter} draws the random part. */
    void configure(long delayMs, long jitterMs, RandomGenerator jitter) {
        this.delayMs = delayMs;
        this.jitterMs = jitterMs;
        this.jitter = jitter;
    }

    /** Sends one datagram now or after its own delay. */
    void datagram(Runnable send) {
        if (!delaying()) {
            send.run();
            return;
        }
        scheduler.schedule(Math.max(1, nextDelayMs()), send);
    }

    /**
     * Sends one stream frame to {@code peer} now or later, never before the frames sent to it
     * earlier: those still held when the delay is lifted go first.
     */
    void frame(int peer, Runnable send) {
        ArrayDeque<Held> held = frames.get(peer);
        if (!delaying() && held == null) {
            send.run();
            return;
        }
        long now = scheduler.nowMs();
        long due = now + (delaying() ? nextDelayMs() : 0);
        if (held == null) {
            held = new ArrayDeque<>();
            frames.put(peer, held);
            scheduler.schedule(Math.max(1, due - now), () -> release(peer));
        } else {
            due = Math.max(due, held.peekLast().dueMs());
        }
        held.add(new Held(due, send));
    }

    private boolean delaying() {
        return delayMs > 0 || jitterMs > 0;
    }

    private long nextDelayMs() {
        return delayMs + (jitterMs > 0 ? jitter.nextLong(jitterMs + 1) : 0);
    }

    /** Sends every frame to {@code peer} that is due, in order, then waits for the next one. */
    private void release(int peer) {
        ArrayDeque<Held> held = frames.get(peer);
        long now = scheduler.nowMs();
        while (!held.isEmpty() && held.peekFirst().dueMs() <= now) {
            held.pollFirst().send().run();
        }
        if (held.isEmpty()) {
            frames.remove(peer);
        } else {
            scheduler.schedule(Math.max(1, held.peekFirst().dueMs() - now), () -> release(peer));
        }
    }
}
