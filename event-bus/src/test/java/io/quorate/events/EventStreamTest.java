package io.quorate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.spool.Spool;
import io.quorate.events.spool.SpoolCursor;
import io.quorate.events.spool.SpoolOptions;
import io.quorate.events.spool.SpoolRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest {
    private static final long T = Instant.parse("2026-11-25T09:57:57.123Z").toEpochMilli();

    @TempDir
    Path dir;

    private static List<Event> read(SpoolCursor cursor) throws Exception {
        List<Event> events = new ArrayList<>();
        for (List<SpoolRecord> batch = cursor.poll(500); !batch.isEmpty(); batch = cursor.poll(500)) {
            for (SpoolRecord record : batch) {
                events.add(EventJson.decode(record.json()));
            }
        }
        return events;
    }

    @Test
    void stampsSequenceTimeAndClockInSpoolOrder() throws Exception {
        List<Event> observed = new ArrayList<>();
        try (Spool spool = Spool.open(dir)) {
            EventStream stream = new EventStream("c", "n1", 4, spool, new HybridClock(), observed::add);
            Event first = stream.emit(new NodeEvent.Started(1, "0.1.0", "127.0.0.1:5405"), T).orElseThrow();
            assertEquals("n1/4/1", first.id());
            assertEquals(Instant.ofEpochMilli(T), first.time());
            assertEquals(HybridClock.encode(T, 0), first.hlc());
            long received = stream.observe(HybridClock.encode(T + 5_000, 3), T + 1); // a peer whose clock is ahead
            Event second = stream.emit(new QuorumEvent.VoteCounted(2, "n2", 1), T + 2).orElseThrow();
            assertTrue(second.hlc() > received, "after the receive in causal order");
            assertEquals(2, stream.lastSeq());
            spool.flush().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(first, second), read(spool.cursor()));
            assertEquals(List.of(first, second), observed);
        }
    }

    @Test
    void concurrentEmittersGetGapFreeSequencesInSpoolOrder() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            EventStream stream = new EventStream("c", "n1", 1, spool, new HybridClock());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        stream.emit(new HeartbeatEvent.Sent(2, "n2"), T + i);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            spool.flush().get(10, TimeUnit.SECONDS);
            List<Event> events = read(spool.cursor());
            assertEquals(4_000, events.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).seq());
                if (i > 0) {
                    assertTrue(events.get(i).hlc() > events.get(i - 1).hlc(), "hlc grows with seq");
                }
            }
        }
    }

    @Test
    void overTheBoundHeartbeatsAreDroppedWithoutGapsAndReportedOnce() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolOptions.DEFAULT.withBoundBytes(4_000).withSegmentBytes(1_000))) {
            EventStream stream = new EventStream("c", "n1", 1, spool, new HybridClock());
            long t = T;
            while (!spool.overBound()) {
                stream.emit(new HeartbeatEvent.Received(2, "n2", 0.3), t++);
            }
            long keptBefore = stream.lastSeq();
            // over the bound: samples go, state events stay
            assertTrue(stream.emit(new HeartbeatEvent.Sent(2, "n2"), t).isEmpty());
            assertTrue(stream.emit(new QuorumEvent.Lost("1.e8", new QuorumEvent.Votes(3, 3, 1, 2, List.of())), t + 1).isPresent());
            assertTrue(stream.emit(new HeartbeatEvent.Received(3, "n3", 0.5), t + 2).isEmpty());
            for (int i = 0; i < 10; i++) {
                assertTrue(stream.emit(new HeartbeatEvent.Sent(3, "n3"), t + 3 + i).isEmpty());
            }
            assertEquals(12, stream.droppedHeartbeats());
            assertEquals(12, stream.unreportedDrops());
            // the publisher catches up: everything so far acknowledged, segments deleted
            spool.flush().get(10, TimeUnit.SECONDS);
            SpoolCursor cursor = spool.cursor();
            List<SpoolRecord> all = new ArrayList<>();
            for (List<SpoolRecord> batch = cursor.poll(500); !batch.isEmpty(); batch = cursor.poll(500)) {
                all.addAll(batch);
            }
            spool.acknowledge(all.get(all.size() - 1));
            assertFalse(spool.overBound(), spool.bytes() + " bytes");
            Event resumed = stream.emit(new HeartbeatEvent.Sent(2, "n2"), t + 20).orElseThrow();
            assertEquals(0, stream.unreportedDrops());
            spool.flush().get(10, TimeUnit.SECONDS);

            List<Event> events = new ArrayList<>();
            for (SpoolRecord record : all) {
                events.add(EventJson.decode(record.json()));
            }
            events.addAll(read(cursor));
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).seq(), "no gap at " + events.get(i).id());
            }
            List<String> types = events.stream().skip(keptBefore).map(Event::type).toList();
            assertEquals(List.of("events.spool_over_bound", "quorum.lost", "events.dropped", "events.spool_within_bound",
                    "heartbeat.sent"), types);
            SpoolEvent.Dropped dropped = (SpoolEvent.Dropped) events.get((int) keptBefore + 2).data();
            assertEquals(12, dropped.count());
            assertEquals(Instant.ofEpochMilli(t).toString(), dropped.firstAt());
            assertEquals(Instant.ofEpochMilli(t + 12).toString(), dropped.lastAt());
            assertEquals(List.of("heartbeat.received", "heartbeat.sent"), dropped.types());
            assertEquals(keptBefore + 1, dropped.afterSeq(), "the first drop came right after events.spool_over_bound");
            assertEquals(resumed, events.get(events.size() - 1));
            assertEquals(1, events.stream().filter(e -> e.data() instanceof SpoolEvent.Dropped).count());
        }
    }

    @Test
    void dropsStillPendingAtCloseAreReported() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolOptions.DEFAULT.withBoundBytes(1))) {
            EventStream stream = new EventStream("c", "n1", 1, spool, new HybridClock());
            stream.emit(new NodeEvent.Started(1, "v", "a"), T); // takes the spool over its tiny bound
            stream.emit(new HeartbeatEvent.Sent(2, "n2"), T + 1);
            stream.close(T + 2);
            spool.flush().get(10, TimeUnit.SECONDS);
            List<String> types = read(spool.cursor()).stream().map(Event::type).toList();
            assertEquals(List.of("node.started", "events.spool_over_bound", "events.dropped"), types);
        }
    }
}
