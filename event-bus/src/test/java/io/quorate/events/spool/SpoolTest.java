package io.quorate.events.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.EventJson;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.NodeEvent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final Instant TIME = Instant.parse("2026-11-25T09:57:57.123Z");

    @TempDir
    Path dir;

    static Event event(String node, long seq) {
        return Event.of("c", node, 1, seq, TIME.plusMillis(seq), new HeartbeatEvent.Received(2, "n2", seq / 10.0));
    }

    /** Reads every committed record from the acknowledged position. */
    static List<Event> readAll(Spool spool) throws Exception {
        List<Event> events = new ArrayList<>();
        SpoolCursor cursor = spool.cursor();
        for (List<SpoolRecord> batch = cursor.poll(100); !batch.isEmpty(); batch = cursor.poll(100)) {
            for (SpoolRecord record : batch) {
                events.add(EventJson.decode(record.json()));
            }
        }
        return events;
    }

    static List<Long> seqs(List<Event> events) {
        return events.stream().map(Event::seq).toList();
    }

    static List<Long> range(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seqs.add(s);
        }
        return seqs;
    }

    @Test
    void appendsAreDurableInOrderAndReadBack() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            CompletableFuture<SpoolPosition> last = null;
            for (long seq = 1; seq <= 500; seq++) {
                last = spool.append(event("n1", seq));
            }
            SpoolPosition end = last.get(10, TimeUnit.SECONDS);
            assertEquals(spool.committed(), end);
            assertEquals(range(1, 500), seqs(readAll(spool)));
            assertEquals(500, spool.pendingRecords());
            assertTrue(spool.recoveryDamage().isEmpty());
        }
    }

    @Test
    void appendsFromManyThreadsAreAllKeptInEachThreadsOrder() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String node = "n" + t;
                Thread thread = new Thread(() -> {
                    for (long seq = 1; seq <= 2_000; seq++) {
                        spool.append(event(node, seq));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            spool.flush().get(10, TimeUnit.SECONDS);
            Map<String, List<Long>> byNode = new HashMap<>();
            for (Event event : readAll(spool)) {
                byNode.computeIfAbsent(event.node(), n -> new ArrayList<>()).add(event.seq());
            }
            assertEquals(4, byNode.size());
            byNode.values().forEach(seqs -> assertEquals(range(1, 2_000), seqs));
        }
    }

    @Test
    void acknowledgedPositionSurvivesReopenAndPublishedSegmentsAreDeleted() throws Exception {
        SpoolOptions small = SpoolOptions.DEFAULT.withSegmentBytes(4_096);
        try (Spool spool = Spool.open(dir, small)) {
            for (long seq = 1; seq <= 300; seq++) {
                spool.append(event("n1", seq));
            }
            spool.flush().get(10, TimeUnit.SECONDS);
            assertTrue(spool.segments() > 5, "rolled over small segments: " + spool.segments());
            SpoolCursor cursor = spool.cursor();
            List<SpoolRecord> first = cursor.poll(120);
            long bytesBefore = spool.bytes();
            spool.acknowledge(first.get(119));
            assertEquals(180, spool.pendingRecords());
            assertTrue(spool.bytes() < bytesBefore, "published segments deleted");
        }
        try (Spool reopened = Spool.open(dir, small)) {
            assertEquals(180, reopened.pendingRecords());
            assertEquals(range(121, 300), seqs(readAll(reopened)));
            reopened.append(event("n1", 301));
            reopened.flush().get(10, TimeUnit.SECONDS);
            assertEquals(range(121, 301), seqs(readAll(reopened)));
        }
    }

    @Test
    void aTruncatedTailIsCutAndReportedAndTheSpoolKeepsWorking() throws Exception {
        Path segment;
        long validEnd;
        try (Spool spool = Spool.open(dir)) {
            for (long seq = 1; seq <= 10; seq++) {
                spool.append(event("n1", seq));
            }
            validEnd = spool.flush().get(10, TimeUnit.SECONDS).offset();
            segment = SegmentFiles.path(dir, spool.committed().segment());
        }
        // a crash in the middle of the eleventh record: header and half the JSON reached the disk
        byte[] eleventh = RecordFormat.encode(EventJson.encodeBytes(event("n1", 11)));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(validEnd);
            file.write(eleventh, 0, eleventh.length / 2);
        }
        try (Spool reopened = Spool.open(dir)) {
            assertEquals(List.of(new SpoolDamage(segment, validEnd, eleventh.length / 2, SpoolDamage.Kind.TRUNCATED_TAIL)),
                    reopened.recoveryDamage());
            assertTrue(reopened.recoveryDamage().get(0).toString().contains(segment + " at byte " + validEnd));
            assertEquals(validEnd, Files.size(segment), "the torn tail is cut off the file");
            reopened.append(event("n1", 12));
            reopened.flush().get(10, TimeUnit.SECONDS);
            List<Long> expected = range(1, 10);
            expected.add(12L);
            assertEquals(expected, seqs(readAll(reopened)));
        }
    }

    @Test
    void garbageInTheMiddleIsSkippedAndReportedWithFileAndOffset() throws Exception {
        Path segment;
        long garbageAt;
        try (Spool spool = Spool.open(dir)) {
            for (long seq = 1; seq <= 5; seq++) {
                spool.append(event("n1", seq));
            }
            garbageAt = spool.flush().get(10, TimeUnit.SECONDS).offset();
            for (long seq = 6; seq <= 10; seq++) {
                spool.append(event("n1", seq));
            }
            spool.flush().get(10, TimeUnit.SECONDS);
            segment = SegmentFiles.path(dir, spool.committed().segment());
        }
        // overwrite record 6 and the start of record 7 with junk (a bad sector, a stray write)
        byte[] junk = new byte[150];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31 + 7);
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(garbageAt);
            file.write(junk);
        }
        long sizeBefore = Files.size(segment);
        try (Spool reopened = Spool.open(dir)) {
            List<SpoolDamage> damage = reopened.recoveryDamage();
            assertEquals(1, damage.size(), damage.toString());
            assertEquals(segment, damage.get(0).file());
            assertEquals(garbageAt, damage.get(0).offset());
            assertEquals(SpoolDamage.Kind.GARBAGE, damage.get(0).kind());
            assertEquals(sizeBefore, Files.size(segment), "records after the garbage stay on disk");
            List<Long> kept = seqs(readAll(reopened));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), kept.subList(0, 5));
            assertFalse(kept.contains(6L));
            assertEquals(List.of(8L, 9L, 10L), kept.subList(kept.size() - 3, kept.size()));
            assertEquals(kept.size(), reopened.pendingRecords(), "recovery and the cursor count the same records");
        }
    }

    @Test
    void anUnreadableAckFileRestartsFromTheOldestSegment() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            spool.append(event("n1", 1));
            spool.append(event("n1", 2));
            spool.flush().get(10, TimeUnit.SECONDS);
            spool.acknowledge(spool.cursor().poll(1).get(0));
        }
        Files.writeString(dir.resolve(AckFile.NAME), "garbage");
        try (Spool reopened = Spool.open(dir)) {
            assertEquals(SpoolDamage.Kind.BAD_ACK_FILE, reopened.recoveryDamage().get(0).kind());
            assertEquals(List.of(1L, 2L), seqs(readAll(reopened)), "at-least-once: both again");
        }
    }

    @Test
    void theBoundIsReportedButNeverRefusesAnAppend() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolOptions.DEFAULT.withBoundBytes(2_000))) {
            assertFalse(spool.overBound());
            for (long seq = 1; seq <= 30; seq++) {
                spool.append(Event.of("c", "n1", 1, seq, TIME, new NodeEvent.Started(1, "v", "a")));
            }
            assertTrue(spool.overBound());
            assertTrue(spool.bytes() > 2_000);
            spool.flush().get(10, TimeUnit.SECONDS);
            assertEquals(30, readAll(spool).size());
        }
    }

    @Test
    void aCursorWaitsForNewRecords() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            SpoolCursor cursor = spool.cursor();
            assertFalse(cursor.awaitData(10));
            assertFalse(cursor.awaitData(10), "a new (empty) segment is no data");
            spool.append(event("n1", 1));
            assertTrue(cursor.awaitData(10_000));
            assertEquals(1, cursor.poll(10).size());
        }
    }

}
