package io.quorate.configdb.storage;

import static io.quorate.configdb.storage.WalTestSupport.HARD_STATE_RECORD;
import static io.quorate.configdb.storage.WalTestSupport.appendBytes;
import static io.quorate.configdb.storage.WalTestSupport.cut;
import static io.quorate.configdb.storage.WalTestSupport.entries;
import static io.quorate.configdb.storage.WalTestSupport.flipByte;
import static io.quorate.configdb.storage.WalTestSupport.lastSegment;
import static io.quorate.configdb.storage.WalTestSupport.overwrite;
import static io.quorate.configdb.storage.WalTestSupport.recordBytes;
import static io.quorate.configdb.storage.WalTestSupport.segments;
import static io.quorate.configdb.storage.WalTestSupport.snapshots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.protocol.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLogRecoveryTest {
    @TempDir
    Path dir;

    /** One segment: header, HARD_STATE, entries 1..10 of term 1. */
    private Path writeTenEntries() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
        }
        return lastSegment(dir);
    }

    private static long offsetOfEntry(long index) {
        long offset = WalFormat.SEGMENT_HEADER_BYTES + HARD_STATE_RECORD;
        for (LogEntry entry : entries(1, 1, index - 1)) {
            offset += recordBytes(entry);
        }
        return offset;
    }

    private static void assertNames(CorruptLogException e, Path file, long offset) {
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("at byte " + offset), e.getMessage());
        assertEquals(offset, e.offset());
    }

    @Test
    void aTornTailIsCutAndReported() throws Exception {
        Path segment = writeTenEntries();
        cut(segment, 5);
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 9), log.recovered().entries());
            List<String> repairs = log.recovered().repairs();
            assertEquals(1, repairs.size(), repairs.toString());
            assertTrue(repairs.get(0).contains(segment.getFileName().toString()), repairs.get(0));
            assertTrue(repairs.get(0).contains("at byte " + offsetOfEntry(10)), repairs.get(0));
            log.append(entries(2, 10, 11));
        }
        assertEquals(offsetOfEntry(12), Files.size(segment));
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(List.of(), log.recovered().repairs());
            assertEquals(11, log.lastIndex());
        }
    }

    @Test
    void aChecksumFailureInTheLastRecordIsRepaired() throws Exception {
        Path segment = writeTenEntries();
        flipByte(segment, Files.size(segment) - 1);
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 9), log.recovered().entries());
            assertTrue(log.recovered().repairs().get(0).contains("CRC32C mismatch"), log.recovered().repairs().toString());
        }
    }

    @Test
    void aZeroFilledTailIsRepaired() throws Exception {
        Path segment = writeTenEntries();
        appendBytes(segment, new byte[4096]);
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(entries(1, 1, 10), log.recovered().entries());
            assertEquals(1, log.recovered().repairs().size());
        }
    }

    @Test
    void garbageInTheMiddleIsCorruption() throws Exception {
        Path segment = writeTenEntries();
        long offset = offsetOfEntry(4);
        overwrite(segment, offset + 4, new byte[] {1, 2, 3, 4});
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false));
        assertNames(e, segment, offset);
        assertTrue(e.getMessage().contains("valid record follows"), e.getMessage());
        assertEquals(offsetOfEntry(11), Files.size(segment), "recovery must not change a corrupt log");
    }

    @Test
    void aTornRecordInASegmentThatOthersFollowIsCorruption() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
        }
        Path first = segments(dir).get(0);
        cut(first, 3);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false, 200));
        assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("later segments follow"), e.getMessage());
    }

    @Test
    void aMissingSegmentInTheMiddleIsCorruption() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
        }
        List<Path> segments = segments(dir);
        Files.delete(segments.get(1));
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false, 200));
        assertTrue(e.getMessage().contains(segments.get(2).getFileName().toString()), e.getMessage());
    }

    @Test
    void aMissingFirstSegmentWithoutASnapshotIsCorruption() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
        }
        Files.delete(segments(dir).get(0));
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false, 200));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aBadMagicNamesTheFile() throws Exception {
        Path segment = writeTenEntries();
        overwrite(segment, 0, new byte[] {'N', 'O', 'P', 'E'});
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false));
        assertNames(e, segment, 0);
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void anUnknownVersionNamesTheFile() throws Exception {
        Path segment = writeTenEntries();
        overwrite(segment, 4, new byte[] {0, 0, 0, 9});
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false));
        assertNames(e, segment, 4);
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void aMissingDirectoryWithoutCreateIsAClearError() {
        Path missing = dir.resolve("gone");
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(missing, false));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void anEmptyDirectoryWithoutCreateIsAClearError() {
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false));
        assertTrue(e.getMessage().contains("state is missing"), e.getMessage());
    }

    @Test
    void aSegmentCutShortWhileBeingStartedIsRemoved() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
        }
        Path last = lastSegment(dir);
        Path torn = dir.resolve(LogDirectory.segmentName(LogDirectory.segmentNumber(last) + 5));
        Files.write(torn, new byte[] {0x51, 0x57, 0x41});
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            assertEquals(entries(1, 1, 30), log.recovered().entries());
            assertTrue(log.recovered().repairs().get(0).contains(torn.getFileName().toString()));
            assertTrue(Files.notExists(torn));
            log.append(entries(1, 31, 40));
        }
        try (DurableLog log = DurableLog.open(dir, false, 200)) {
            assertEquals(entries(1, 1, 40), log.recovered().entries());
        }
    }

    @Test
    void aLeftoverTemporaryFileIsRemoved() throws Exception {
        writeTenEntries();
        Path temp = dir.resolve(LogDirectory.snapshotName(5) + LogDirectory.TEMP_SUFFIX);
        Files.write(temp, new byte[] {1, 2, 3});
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertTrue(Files.notExists(temp));
            assertNull(log.recovered().snapshot());
            assertEquals(1, log.recovered().repairs().size());
        }
    }

    @Test
    void aDamagedSnapshotThatTheLogCannotDoWithoutIsCorruption() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true, 200)) {
            log.append(entries(1, 1, 30));
            log.saveSnapshot(25, 1, new byte[100]);
        }
        Path snapshot = snapshots(dir).get(0);
        flipByte(snapshot, SnapshotFile.HEADER_BYTES + 10);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, false, 200));
        assertNames(e, snapshot, SnapshotFile.HEADER_BYTES + 100);
        assertTrue(e.getMessage().contains("CRC32C mismatch"), e.getMessage());
    }

    @Test
    void aDamagedSnapshotIsIgnoredWhenTheLogStillHoldsEverything() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
            log.saveSnapshot(5, 1, new byte[10]);
        }
        Path snapshot = snapshots(dir).get(0);
        cut(snapshot, 1);
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertNull(log.recovered().snapshot());
            assertEquals(entries(1, 1, 10), log.recovered().entries());
            assertTrue(log.recovered().repairs().get(0).contains(snapshot.getFileName().toString()));
        }
    }

    @Test
    void aSnapshotWithoutSegmentsIsCorruption() throws Exception {
        try (DurableLog log = DurableLog.open(dir, true)) {
            log.append(entries(1, 1, 10));
            log.saveSnapshot(10, 1, new byte[10]);
        }
        for (Path segment : segments(dir)) {
            Files.delete(segment);
        }
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> DurableLog.open(dir, true));
        assertTrue(e.getMessage().contains("term and vote are lost"), e.getMessage());
    }
}
