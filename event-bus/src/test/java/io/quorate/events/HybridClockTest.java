package io.quorate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HybridClockTest {
    private static final long T = Instant.parse("2026-11-25T09:57:57.123Z").toEpochMilli();

    @Test
    void stampsFollowPhysicalTimeAndNeverGoBackwards() {
        HybridClock clock = new HybridClock();
        long a = clock.now(T);
        assertEquals(T, HybridClock.physicalMs(a));
        assertEquals(0, HybridClock.logical(a));
        long b = clock.now(T); // same millisecond: the logical counter orders them
        assertEquals(HybridClock.encode(T, 1), b);
        long c = clock.now(T - 5_000); // the wall clock stepped back: the stamp does not
        assertEquals(HybridClock.encode(T, 2), c);
        long d = clock.now(T + 1);
        assertEquals(HybridClock.encode(T + 1, 0), d);
        assertTrue(a < b && b < c && c < d);
    }

    @Test
    void receivingMovesPastTheSendersStampEvenWithASlowClock() {
        HybridClock fast = new HybridClock();
        HybridClock slow = new HybridClock();
        long sent = fast.now(T + 10_000); // this node's clock runs 10 s ahead
        long received = slow.observe(sent, T);
        assertTrue(received > sent, "receive is ordered after send");
        assertEquals(HybridClock.encode(T + 10_000, 1), received);
        long next = slow.now(T + 1);
        assertTrue(next > received, "later local events stay after the receive");
        long reply = fast.observe(next, T + 10_001);
        assertTrue(reply > next);
    }

    @Test
    void observeTakesTheHigherLogicalWhenAllClocksAgree() {
        HybridClock clock = new HybridClock(HybridClock.encode(T, 3));
        assertEquals(HybridClock.encode(T, 8), clock.observe(HybridClock.encode(T, 7), T));
        assertEquals(HybridClock.encode(T, 9), clock.observe(HybridClock.encode(T, 2), T));
        assertEquals(HybridClock.encode(T, 10), clock.observe(0, T), "an unknown remote stamp is a local tick");
        assertEquals(HybridClock.encode(T + 50, 0), clock.observe(HybridClock.encode(T - 9, 99), T + 50));
    }

    @Test
    void logicalOverflowBorrowsTheNextMillisecond() {
        HybridClock clock = new HybridClock(HybridClock.encode(T, HybridClock.MAX_LOGICAL));
        assertEquals(HybridClock.encode(T + 1, 0), clock.now(T));
        assertThrows(IllegalArgumentException.class, () -> HybridClock.encode(T, HybridClock.MAX_LOGICAL + 1));
        assertEquals("2026-11-25T09:57:57.123Z+4", HybridClock.format(HybridClock.encode(T, 4)));
    }

    @Test
    void eventsMergeByStampThenNodeName() {
        long same = HybridClock.encode(T, 1);
        Event late = Event.of("c", "n1", 1, 9, Instant.ofEpochMilli(T), new NodeEvent.Started(1, "v", "a"), HybridClock.encode(T, 2));
        Event tieB = Event.of("c", "n2", 1, 1, Instant.ofEpochMilli(T + 9), new NodeEvent.Started(2, "v", "a"), same);
        Event tieA = Event.of("c", "n1", 1, 8, Instant.ofEpochMilli(T - 9), new NodeEvent.Started(1, "v", "a"), same);
        List<Event> events = new ArrayList<>(List.of(late, tieB, tieA));
        events.sort(HybridClock.EVENT_ORDER);
        assertEquals(List.of(tieA, tieB, late), events);
        assertTrue(HybridClock.compare(same, "n1", same, "n2") < 0);
        assertTrue(HybridClock.compare(same + 1, "a", same, "z") > 0);
    }
}
