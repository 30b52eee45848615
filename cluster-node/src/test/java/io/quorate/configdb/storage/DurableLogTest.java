package io.quorate.configdb.storage;

import static io.quorate.configdb.storage.WalTestSupport.entries;
import static io.quorate.configdb.storage.WalTestSupport.entry;
import static io.quorate.configdb.storage.WalTestSupport.segments;
import static io.quorate.configdb.storage.WalTestSupport.snapshots;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.protocol.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLogTest {
    @TempDir
    Path dir;

    @Test
    void aNewLogIsEmptyAndDurablyCreated() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            assertEquals(new Recovered(0, 0, null, List.of(), List.of()), log.recovered());
            assertEquals(0, log.lastIndex());
            assertEquals(1, log.firstIndex());
        }
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(List.of(), log.recovered().entries());
        }
    }

    @Test
    void entriesAndHardStateSurviveReopen() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.saveHardState(3, 2);
            log.append(entries(3, 1, 5));
            log.sync();
            log.append(entries(3, 6, 7));
            assertEquals(7, log.lastIndex());
        }
        try (DurableLog log = DurableLog.open(dir, false)) {
            Recovered recovered = log.recovered();
            assertEquals(3, recovered.term());
            assertEquals(2, recovered.votedFor());
            assertEquals(entries(3, 1, 7), recovered.entries());
            assertEquals(List.of(), recovered.repairs());
            assertEquals(7, log.lastIndex());
        }
    }

    @Test
    void unsyncedWritesAreLostInACrash() throws Exception {
        DurableLog log = DurableLog.open(dir, true);
        log.append(entries(1, 1, 3));
        log.sync();
        log.append(entries(1, 4, 6));
        log.saveHardState(9, 1);
        log.crash();
        try (DurableLog reopened = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 3), reopened.recovered().entries());
            assertEquals(0, reopened.recovered().term());
        }
    }

    @Test
    void appendingOverEarlierEntriesTruncatesThemDurably() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
            log.sync();
            log.append(entries(2, 6, 7));
            assertEquals(7, log.lastIndex());
        }
        List<LogEntry> expected = new ArrayList<>(entries(1, 1, 5));
        expected.addAll(entries(2, 6, 7));
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(expected, log.recovered().entries());
            assertEquals(7, log.lastIndex());
        }
    }

    @Test
    void explicitTruncationIsDurable() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
            log.sync();
            log.truncateFrom(4);
            assertEquals(3, log.lastIndex());
            log.truncateFrom(20);
            assertEquals(3, log.lastIndex());
        }
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 3), log.recovered().entries());
            log.append(entries(2, 4, 4));
        }
        try (DurableLog log = DurableLog.open(dir, false)) {
            List<LogEntry> expected = new ArrayList<>(entries(1, 1, 3));
            expected.add(entry(2, 4));
            assertEquals(expected, log.recovered().entries());
        }
    }

    @Test
    void entriesSpanSeveralTinySegmentsAcrossReopen() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            for (long index = 1; index <= 60; index += 3) {
                log.append(entries(1, index, index + 2));
                log.sync();
            }
        }
        assertTrue(segments(dir).size() >= 10, "segments: " + segments(dir));
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            assertEquals(entries(1, 1, 60), log.recovered().entries());
            log.append(entries(2, 50, 70));
        }
        List<LogEntry> expected = new ArrayList<>(entries(1, 1, 49));
        expected.addAll(entries(2, 50, 70));
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            assertEquals(expected, log.recovered().entries());
        }
    }

    @Test
    void truncationBelowTheCurrentSegmentSurvivesReopen() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
            log.sync();
            log.truncateFrom(5);
            log.append(entries(2, 5, 12));
            log.sync();
        }
        List<LogEntry> expected = new ArrayList<>(entries(1, 1, 4));
        expected.addAll(entries(2, 5, 12));
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            assertEquals(expected, log.recovered().entries());
            assertEquals(12, log.lastIndex());
        }
    }

    @Test
    void snapshotDeletesCoveredSegmentsAndKeepsLaterEntries() throws Exception {
        byte[] state = "state at 40".getBytes(StandardCharsets.UTF_8);
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            for (long index = 1; index <= 50; index += 5) {
                log.append(entries(1, index, index + 4));
                log.sync();
            }
            int before = segments(dir).size();
            log.saveSnapshot(40, 1, state);
            assertTrue(segments(dir).size() < before, "no segment was deleted");
            assertEquals(41, log.firstIndex());
            assertEquals(50, log.lastIndex());
            assertThrows(IllegalArgumentException.class, () -> log.append(entries(1, 40, 41)));
            assertThrows(IllegalArgumentException.class, () -> log.truncateFrom(40));
        }
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            Recovered recovered = log.recovered();
            assertEquals(40, recovered.snapshot().lastIndex());
            assertEquals(1, recovered.snapshot().lastTerm());
            assertArrayEquals(state, recovered.snapshot().state().toArray());
            assertEquals(entries(1, 41, 50), recovered.entries());
            assertEquals(41, log.firstIndex());
        }
    }

    @Test
    void onlyTheNewestSnapshotIsKept() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
            log.saveSnapshot(3, 1, new byte[] {3});
            log.saveSnapshot(7, 1, new byte[] {7});
        }
        assertEquals(List.of(dir.resolve(LogDirectory.snapshotName(7))), snapshots(dir));
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(7, log.recovered().snapshot().lastIndex());
            assertEquals(entries(1, 8, 10), log.recovered().entries());
        }
    }

    @Test
    void hardStateSurvivesTheDeletionOfTheSegmentsItWasWrittenIn() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 128)) {
            log.saveHardState(5, 2);
            log.append(entries(5, 1, 40));
            log.sync();
            Path first = segments(dir).get(0);
            log.saveSnapshot(38, 5, new byte[] {1});
            assertTrue(Files.notExists(first), "the segment holding the hard state should be deleted");
        }
        try (DurableLog log = DurableLog.open(dir, false, 128)) {
            assertEquals(5, log.recovered().term());
            assertEquals(2, log.recovered().votedFor());
            assertEquals(entries(5, 39, 40), log.recovered().entries());
        }
    }

    @Test
    void aSnapshotBeyondTheLogRestartsItAfterTheSnapshot() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 128)) {
            log.append(entries(1, 1, 5));
            log.saveSnapshot(100, 4, new byte[] {9});
            assertEquals(100, log.lastIndex());
            assertThrows(IllegalArgumentException.class, () -> log.append(entries(4, 102, 102)));
            log.append(entries(4, 101, 110));
        }
        try (DurableLog log = DurableLog.open(dir, false, 128)) {
            assertEquals(100, log.recovered().snapshot().lastIndex());
            assertEquals(entries(4, 101, 110), log.recovered().entries());
            assertEquals(110, log.lastIndex());
        }
    }

    @Test
    void appendRejectsGapsAndUnorderedEntries() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 3));
            assertThrows(IllegalArgumentException.class, () -> log.append(entries(1, 5, 6)));
            assertThrows(IllegalArgumentException.class, () -> log.append(List.of(entry(1, 4), entry(1, 6))));
            assertEquals(3, log.lastIndex());
        }
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 3), log.recovered().entries());
            assertNull(log.recovered().snapshot());
        }
    }

    @Test
    void syncWithNothingBufferedWritesNothing() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 2));
            log.sync();
            long size = Files.size(segments(dir).get(0));
            log.sync();
            assertEquals(size, Files.size(segments(dir).get(0)));
        }
    }
}
