package io.quorate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class OutgoingDelayTest {
    /** Timers on a hand-moved clock; equal due times run in scheduling order, as Netty's do. */
    private static final class ManualScheduler implements OutgoingDelay.Scheduler {
        private record Timer(long dueMs, long order, Runnable action) {
        }

        private final PriorityQueue<Timer> timers = new PriorityQueue<>(
                Comparator.comparingLong(Timer::dueMs).thenComparingLong(Timer::order));
        private long now;
        private long scheduled;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void schedule(long delayMs, Runnable action) {
            assertTrue(delayMs >= 1, "timers are at least 1 ms");
            timers.add(new Timer(now + delayMs, scheduled++, action));
        }

        void advanceTo(long ms) {
            while (!timers.isEmpty() && timers.peek().dueMs() <= ms) {
                Timer timer = timers.poll();
                now = timer.dueMs();
                timer.action().run();
            }
            now = ms;
        }
    }

    /** Hands out the given jitter draws in order. */
    private static RandomGenerator draws(long... values) {
        return new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                long value = values[next++];
                assertTrue(value < bound, "a draw below the bound " + bound);
                return value;
            }
        };
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final OutgoingDelay delay = new OutgoingDelay(scheduler);
    private final List<String> sent = new ArrayList<>();

    private Runnable send(String what) {
        return () -> sent.add(what + "@" + scheduler.nowMs());
    }

    @Test
    void withoutADelayEverythingLeavesAtOnce() {
        delay.datagram(send("d1"));
        delay.frame(2, send("f1"));
        assertEquals(List.of("d1@0", "f1@0"), sent);
    }

    @Test
    void datagramsWaitTheDelayPlusTheirJitterSoJitterReordersThem() {
        delay.configure(200, 50, draws(40, 0, 10));
        delay.datagram(send("d1"));
        scheduler.advanceTo(5);
        delay.datagram(send("d2"));
        delay.datagram(send("d3"));
        scheduler.advanceTo(199);
        assertEquals(List.of(), sent);
        scheduler.advanceTo(1_000);
        assertEquals(List.of("d2@205", "d3@215", "d1@240"), sent);
    }

    @Test
    void framesToOnePeerKeepTheirOrderWhateverTheJitter() {
        delay.configure(100, 50, draws(50, 0, 20));
        delay.frame(2, send("a"));
        delay.frame(3, send("x"));
        delay.frame(2, send("b"));
        scheduler.advanceTo(1_000);
        // b drew less than a but leaves with it, not before it; the other peer's frame is not held up
        assertEquals(List.of("x@100", "a@150", "b@150"), sent);
    }

    @Test
    void liftingTheDelayLetsNewFramesLeaveAtOnceButNeverBeforeHeldOnes() {
        delay.configure(300, 0, draws());
        delay.frame(2, send("held"));
        delay.datagram(send("held-datagram"));
        scheduler.advanceTo(10);
        delay.configure(0, 0, draws());
        delay.frame(2, send("after"));
        delay.frame(3, send("other-peer"));
        delay.datagram(send("datagram"));
        assertEquals(List.of("other-peer@10", "datagram@10"), sent);
        scheduler.advanceTo(1_000);
        assertEquals(List.of("other-peer@10", "datagram@10", "held@300", "after@300", "held-datagram@300"), sent);
        delay.frame(2, send("later"));
        assertEquals("later@1000", sent.get(sent.size() - 1), "the peer's queue is gone once empty");
    }

    @Test
    void theSameSeedDrawsTheSameDelays() {
        List<Long> first = departures(42);
        assertEquals(first, departures(42));
        assertTrue(first.stream().allMatch(at -> at >= 200 && at <= 250), first.toString());
    }

    private List<Long> departures(long seed) {
        ManualScheduler clock = new ManualScheduler();
        OutgoingDelay seeded = new OutgoingDelay(clock);
        seeded.configure(200, 50, new SplittableRandom(seed));
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seeded.datagram(() -> at.add(clock.nowMs()));
        }
        clock.advanceTo(1_000);
        return at;
    }
}
