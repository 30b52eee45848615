package io.quorate.configdb.storage;

import io.quorate.protocol.Blob;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable copy of the replicated config log: a write-ahead log of segment files plus the newest
 * snapshot, in one directory (format in {@link WalFormat} and {@link SnapshotFile}).
 *
 * <p>{@link #append}, {@link #truncateFrom} and {@link #saveHardState} only buffer; {@link #sync}
 * writes everything buffered with one write and one {@code fdatasync} (group commit). Nothing is
 * durable, and so nothing may be acknowledged or sent, before {@code sync} returns. A crash loses
 * at most what was buffered or written since the last sync; recovery cuts such a torn tail off.
 *
 * <p>All calls come from one thread; nothing here is thread-safe. After any {@link IOException}
 * the log refuses further use: close it and open the directory again, which recovers what reached
 * the disk.
 */
public final class DurableLog implements AutoCloseable {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Room for a segment's header, its leading HARD_STATE and at least one more record. */
    static final long MIN_SEGMENT_BYTES = 64;
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;

    /** A segment being written: its file once created, and what was buffered for it since the last sync. */
    private static final class Tail {
        final SegmentTable.Segment segment;
        final RecordBuffer buffer;
        SegmentWriter writer;

        Tail(SegmentTable.Segment segment, SegmentWriter writer, RecordBuffer buffer) {
            this.segment = segment;
            this.writer = writer;
            this.buffer = buffer;
        }

        long size() {
            return (writer == null ? 0 : writer.size()) + buffer.size();
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final Recovered recovered;
    private final SegmentTable segments;
    /** Segments that filled up since the last sync, oldest first; written before {@link #tail}. */
    private final List<Tail> filled = new ArrayList<>();
    private Tail tail;
    private long snapshotIndex;
    private long lastIndex;
    private long term;
    private int votedFor;
    private boolean failed;
    private boolean closed;

    private DurableLog(Path dir, long segmentBytes, Recovered recovered, SegmentTable segments, long lastIndex) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.recovered = recovered;
        this.segments = segments;
        this.snapshotIndex = recovered.snapshot() == null ? 0 : recovered.snapshot().lastIndex();
        this.lastIndex = lastIndex;
        this.term = recovered.term();
        this.votedFor = recovered.votedFor();
    }

    /** {@link #open(Path, boolean, long)} with 64 MiB segments. */
    public static DurableLog open(Path dir, boolean create) throws IOException, CorruptLogException {
        return open(dir, create, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * Opens the log in {@code dir} and recovers its state (see {@link #recovered()}).
     *
     * @param create       whether a missing or empty directory starts a new, empty log; when false it is
     *                     an error, so a node whose state vanished refuses to start instead of starting empty
     * @param segmentBytes the size past which appends go to a new segment file
     * @throws CorruptLogException when the state is missing (and {@code create} is false) or damaged
     *                             beyond a torn write at the end
     */
    public static DurableLog open(Path dir, boolean create, long segmentBytes) throws IOException, CorruptLogException {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
        }
        if (!Files.isDirectory(dir)) {
            if (!create) {
                throw new CorruptLogException(dir, "the log directory does not exist: the replicated state is missing;"
                        + " refusing to start with an empty log");
            }
            Files.createDirectories(dir);
            LogDirectory.fsync(dir.toAbsolutePath().getParent());
        }
        LogRecovery.Result result = LogRecovery.run(dir);
        if (!result.hasState()) {
            if (!create) {
                throw new CorruptLogException(dir, "the log directory holds no wal segment and no snapshot: the replicated state"
                        + " is missing; refusing to start with an empty log" + repairsNote(result.recovered()));
            }
            DurableLog log = new DurableLog(dir, segmentBytes, result.recovered(), new SegmentTable(), 0);
            log.startSegment();
            log.sync();
            return log;
        }
        DurableLog log = new DurableLog(dir, segmentBytes, result.recovered(), result.segments(), result.lastIndex());
        SegmentTable.Segment last = result.segments().last();
        log.tail = new Tail(last, SegmentWriter.reopen(last.path, result.tailSize()), new RecordBuffer(INITIAL_BUFFER_BYTES));
        try {
            log.compact();
        } catch (IOException | RuntimeException e) {
            log.closeFiles();
            throw e;
        }
        return log;
    }

    /** What was on disk at open. */
    public Recovered recovered() {
        return recovered;
    }

    /**
     * Buffers consecutive entries. The first may replace entries already in the log (index at or
     * below {@link #lastIndex()}): the log is then truncated there first.
     *
     * @throws IllegalArgumentException when the entries are not consecutive, would leave a gap after
     *                                  {@link #lastIndex()}, or reach into the snapshot
     */
    public void append(List<LogEntry> entries) {
        checkUsable();
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        if (first <= snapshotIndex) {
            throw new IllegalArgumentException("entry " + first + " is covered by the snapshot, which ends at " + snapshotIndex);
        }
        if (first > lastIndex + 1) {
            throw new IllegalArgumentException("entry " + first + " would leave a gap: the log ends at " + lastIndex);
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != first + i) {
                throw new IllegalArgumentException("entries are not consecutive: " + entries.get(i).index() + " follows "
                        + entries.get(i - 1).index());
            }
        }
        for (LogEntry entry : entries) {
            bufferForRecord().putEntry(entry);
            segments.entryWritten(entry.index());
            lastIndex = entry.index();
        }
    }

    /** Buffers dropping the entries from {@code index} on; nothing to do when {@code index > lastIndex()}. */
    public void truncateFrom(long index) {
        checkUsable();
        if (index <= snapshotIndex) {
            throw new IllegalArgumentException("cannot truncate from " + index + ": the snapshot covers the log up to " + snapshotIndex);
        }
        if (index > lastIndex) {
            return;
        }
        bufferForRecord().putTruncate(index);
        segments.truncated(index);
        lastIndex = index - 1;
    }

    /** Buffers the current term and vote ({@code votedFor} 0 = none). */
    public void saveHardState(long term, int votedFor) {
        checkUsable();
        if (term < 0) {
            throw new IllegalArgumentException("term must not be negative, got " + term);
        }
        bufferForRecord().putHardState(term, votedFor);
        this.term = term;
        this.votedFor = votedFor;
    }

    /** Writes and fsyncs everything buffered since the last sync; returns at once when nothing is. */
    public void sync() throws IOException {
        checkUsable();
        if (filled.isEmpty() && tail.buffer.size() == 0) {
            return;
        }
        try {
            for (Tail full : filled) {
                flush(full);
                full.writer.close();
            }
            filled.clear();
            flush(tail);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Syncs, then stores a snapshot covering the log up to {@code lastIndex}, durable on return; then
     * deletes older snapshots and the segments whose entries it covers. Entries after
     * {@code lastIndex} stay; when the log ends before {@code lastIndex} it continues from
     * {@code lastIndex + 1}. A caller whose entry at {@code lastIndex} has another term than
     * {@code lastTerm} truncates first. {@code state} is not kept.
     */
    public void saveSnapshot(long lastIndex, long lastTerm, byte[] state) throws IOException {
        checkUsable();
        Snapshot snapshot = new Snapshot(lastIndex, lastTerm, Blob.wrap(state));
        if (lastIndex < snapshotIndex) {
            throw new IllegalArgumentException("snapshot at " + lastIndex + " is older than the one at " + snapshotIndex);
        }
        sync();
        try {
            SnapshotFile.write(dir, snapshot);
            snapshotIndex = lastIndex;
            this.lastIndex = Math.max(this.lastIndex, lastIndex);
            compact();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The index of the last entry (or of the snapshot, when no entry follows it); 0 for an empty log. */
    public long lastIndex() {
        return lastIndex;
    }

    /** The index of the first entry the log can hold: 1, or the one after the snapshot. */
    public long firstIndex() {
        return snapshotIndex + 1;
    }

    /** Syncs what is buffered (unless an earlier write failed) and closes the files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!failed) {
                sync();
            }
        } finally {
            closeFiles();
        }
    }

    /** For tests: closes the files without writing what is buffered, as a crash of the process would. */
    void crash() throws IOException {
        closeFiles();
    }

    private RecordBuffer bufferForRecord() {
        if (tail.size() >= segmentBytes) {
            filled.add(tail);
            startSegment();
        }
        return tail.buffer;
    }

    /** Starts a new segment (created on disk at the next sync) with a header and the current hard state. */
    private void startSegment() {
        long number = segments.nextNumber(lastIndex);
        SegmentTable.Segment segment = segments.add(dir.resolve(LogDirectory.segmentName(number)), number);
        RecordBuffer buffer = new RecordBuffer(INITIAL_BUFFER_BYTES);
        buffer.putSegmentHeader(lastIndex);
        buffer.putHardState(term, votedFor);
        tail = new Tail(segment, null, buffer);
    }

    private void flush(Tail target) throws IOException {
        boolean created = target.writer == null;
        if (created) {
            target.writer = SegmentWriter.create(target.segment.path);
        }
        target.writer.write(target.buffer.array(), target.buffer.size());
        target.buffer.clear();
        target.writer.force();
        if (created) {
            LogDirectory.fsync(dir);
        }
    }

    /** Deletes snapshots older than the current one and the segments it covers. */
    private void compact() throws IOException {
        boolean changed = false;
        for (Path snapshot : LogDirectory.list(dir).snapshots()) {
            if (LogDirectory.snapshotIndex(snapshot) < snapshotIndex) {
                Files.delete(snapshot);
                changed = true;
            }
        }
        List<SegmentTable.Segment> covered = segments.compactable(snapshotIndex);
        for (SegmentTable.Segment segment : covered) {
            Files.delete(segment.path);
        }
        segments.removeOldest(covered.size());
        if (changed || !covered.isEmpty()) {
            LogDirectory.fsync(dir);
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("the log in " + dir + " is closed");
        }
        if (failed) {
            throw new IllegalStateException("an earlier write to the log in " + dir + " failed; close it and open it again");
        }
    }

    private void closeFiles() throws IOException {
        closed = true;
        for (Tail full : filled) {
            if (full.writer != null) {
                full.writer.close();
            }
        }
        if (tail != null && tail.writer != null) {
            tail.writer.close();
        }
    }

    private static String repairsNote(Recovered recovered) {
        return recovered.repairs().isEmpty() ? "" : " (recovery: " + String.join("; ", recovered.repairs()) + ")";
    }
}
