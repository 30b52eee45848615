package io.quorate.configdb.storage;

import io.quorate.protocol.LogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the log from its records in write order, on top of a snapshot (or none): applies
 * truncations, keeps the entries after the snapshot, the last hard state, and which segment holds
 * what. Throws when the records leave entries missing that no snapshot covers.
 */
final class LogReplay {
    private final long snapshotIndex;
    private final SegmentTable segments = new SegmentTable();
    /**
     * The known entries after the snapshot: {@code max(snapshotIndex, unknownTop)+1 .. wal}. Entries
     * may be written on top of unknown ones as long as a later truncation drops those: only the final
     * log must be complete (compaction deletes the segments whose records a later one overrides).
     */
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private Path file;
    private Path pendingFile;
    private long pendingPrevIndex;
    private long recordsApplied;
    private Path oldestFile;
    private long oldestPrevIndex;
    /** The log's last index as written, before clamping at the snapshot; -1 before the first segment. */
    private long wal = -1;
    /** Entries {@code snapshotIndex+1 .. unknownTop} existed before the oldest segment and no segment holds them. */
    private long unknownTop;
    private long term;
    private int votedFor;

    LogReplay(long snapshotIndex) {
        this.snapshotIndex = snapshotIndex;
    }

    /**
     * The records that follow come from {@code file}, opened when the log ended at {@code prevIndex}.
     * The segment counts from its first record on, which must be a HARD_STATE.
     */
    void openSegment(Path file, long prevIndex) {
        pendingFile = file;
        pendingPrevIndex = prevIndex;
    }

    private void startSegment(Path file, long prevIndex) throws CorruptLogException {
        if (wal < 0) {
            wal = prevIndex;
            unknownTop = prevIndex;
            oldestFile = file;
            oldestPrevIndex = prevIndex;
        } else if (Math.max(prevIndex, snapshotIndex) != lastIndex()) {
            throw new CorruptLogException(file, 8, "the segment was opened after entry " + prevIndex
                    + " but the segments before it end at entry " + lastIndex() + ": a segment is missing or out of place");
        }
        this.file = file;
        segments.add(file, LogDirectory.segmentNumber(file));
    }

    void apply(long offset, WalRecord record) throws CorruptLogException {
        if (pendingFile != null) {
            if (!(record instanceof WalRecord.HardState)) {
                throw new CorruptLogException(pendingFile, offset, "the segment does not start with a HARD_STATE record");
            }
            startSegment(pendingFile, pendingPrevIndex);
            pendingFile = null;
        }
        recordsApplied++;
        if (record instanceof WalRecord.HardState hardState) {
            term = hardState.term();
            votedFor = hardState.votedFor();
        } else if (record instanceof WalRecord.Truncate truncate) {
            truncate(truncate.fromIndex());
        } else if (record instanceof WalRecord.Entry entry) {
            append(offset, entry.entry());
        }
    }

    private void append(long offset, LogEntry entry) throws CorruptLogException {
        long index = entry.index();
        if (index > lastIndex() + 1) {
            throw new CorruptLogException(file, offset, "entry " + index + " leaves a gap: the log ends at entry " + lastIndex());
        }
        if (index <= wal) {
            truncate(index);
        }
        wal = index;
        segments.entryWritten(index);
        if (index > snapshotIndex) {
            entries.add(entry);
        }
    }

    private void truncate(long fromIndex) {
        wal = Math.min(wal, fromIndex - 1);
        unknownTop = Math.min(unknownTop, fromIndex - 1);
        segments.truncated(fromIndex);
        if (!entries.isEmpty()) {
            long keep = Math.max(0, fromIndex - entries.get(0).index());
            if (keep < entries.size()) {
                entries.subList((int) keep, entries.size()).clear();
            }
        }
    }

    /** Checks that the final log lacks no entry after the snapshot. */
    void finish() throws CorruptLogException {
        if (unknownTop > snapshotIndex) {
            throw missing();
        }
    }

    private CorruptLogException missing() {
        String cover = snapshotIndex == 0 ? "there is no snapshot" : "the snapshot ends at entry " + snapshotIndex;
        return new CorruptLogException(oldestFile, 8, "entries " + (snapshotIndex + 1) + ".." + unknownTop
                + " are missing: the oldest segment was opened after entry " + oldestPrevIndex + " and " + cover);
    }

    long recordsApplied() {
        return recordsApplied;
    }

    boolean sawSegment() {
        return wal >= 0;
    }

    long lastIndex() {
        return Math.max(wal, snapshotIndex);
    }

    long term() {
        return term;
    }

    int votedFor() {
        return votedFor;
    }

    List<LogEntry> entries() {
        return entries;
    }

    SegmentTable segments() {
        return segments;
    }
}
