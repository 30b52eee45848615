package io.quorate.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.HeartbeatEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {
    private static Event event(String node, long incarnation, long seq) {
        return Event.of("c", node, incarnation, seq, Instant.EPOCH, new HeartbeatEvent.Sent(1, "n1"));
    }

    @Test
    void repeatsAreFilteredPerNodeIncarnation() {
        EventDeduplicator dedup = new EventDeduplicator();
        assertTrue(dedup.firstSeen(event("n1", 1, 1)));
        assertTrue(dedup.firstSeen(event("n1", 1, 2)));
        assertFalse(dedup.firstSeen(event("n1", 1, 1)));
        assertTrue(dedup.firstSeen(event("n1", 2, 1)), "a new incarnation starts again at 1");
        assertTrue(dedup.firstSeen(event("n2", 1, 1)));
        assertTrue(dedup.firstSeen(event("n1", 1, 5)));
        assertTrue(dedup.hasGap("n1", 1));
        assertFalse(dedup.firstSeen(event("n1", 1, 5)));
        assertTrue(dedup.firstSeen(event("n1", 1, 3)));
        assertTrue(dedup.firstSeen(event("n1", 1, 4)));
        assertEquals(5, dedup.contiguousUpTo("n1", 1));
        assertFalse(dedup.hasGap("n1", 1));
        assertEquals(2, dedup.duplicates());
    }

    @Test
    void latencyPercentilesAreWithinABucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertEquals(0, histogram.percentile(0.99));
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms);
        }
        long p50 = histogram.percentile(0.5);
        long p99 = histogram.percentile(0.99);
        assertTrue(p50 >= 50 && p50 <= 60, "p50 " + p50);
        assertTrue(p99 >= 99 && p99 <= 100, "p99 " + p99);
        assertEquals(100, histogram.max());
        assertEquals(100, histogram.count());
    }
}
