package io.quorate.events.spool;

import io.quorate.events.Event;
import io.quorate.events.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's local write-ahead event spool: every event is appended here before it is published, so
 * a node that is killed or cut off from Kafka loses nothing it emitted.
 *
 * <p>Records live in numbered segment files ({@code 00000000000000000001.seg}, …) in one directory;
 * each record is length + CRC32C + the event's JSON. {@link #append} never blocks on I/O: a writer
 * thread commits in groups (write the batch, one fsync, then complete the futures). A
 * {@link SpoolCursor} reads committed records from the acknowledged position; {@link #acknowledge}
 * stores the position after the last record the broker confirmed (atomically, in {@code acked}) and
 * deletes segments that are entirely published. A restart resumes after the last acknowledged
 * record: delivery is at-least-once and consumers de-duplicate by event id.
 *
 * <p>The byte bound is advisory: the spool never refuses an append. {@link #overBound()} tells the
 * {@link io.quorate.events.EventStream} to drop heartbeat samples until publishing catches up.
 */
public final class Spool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());

    private final Path dir;
    private final SpoolOptions options;
    private final AckFile ackFile;
    private final List<SpoolDamage> damage;
    private final SpoolWriter writer;
    private final Map<Long, Long> segmentBytes = new ConcurrentSkipListMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong appendedOrdinal = new AtomicLong();
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition commitMoved = commitLock.newCondition();
    private final Object ackLock = new Object();
    private volatile SpoolPosition committed;
    private volatile SpoolPosition acknowledged;
    private volatile long acknowledgedOrdinal;
    private volatile boolean closed;

    private Spool(Path dir, SpoolOptions options, AckFile ackFile, SpoolRecovery.Result recovered) throws IOException {
        this.dir = dir;
        this.options = options;
        this.ackFile = ackFile;
        this.damage = recovered.damage();
        this.acknowledged = recovered.acknowledged();
        this.appendedOrdinal.set(recovered.pendingRecords());
        this.segmentBytes.putAll(recovered.segmentBytes());
        this.bytes.set(recovered.segmentBytes().values().stream().mapToLong(Long::longValue).sum());
        this.committed = new SpoolPosition(recovered.nextSegment(), 0);
        this.segmentBytes.put(recovered.nextSegment(), 0L);
        this.writer = new SpoolWriter(dir, recovered.nextSegment(), options.segmentBytes(), this::onCommitted);
    }

    /**
     * Opens (or creates) the spool in {@code dir}, recovering from a crash: a torn tail is cut and
     * garbage between records is skipped; both are reported by {@link #recoveryDamage()} (and logged)
     * with file and byte offset, and every valid record is kept for publishing.
     */
    public static Spool open(Path dir, SpoolOptions options) throws IOException {
        Files.createDirectories(dir);
        AckFile ackFile = new AckFile(dir);
        SpoolRecovery.Result recovered = SpoolRecovery.recover(dir, ackFile, options.maxRecordBytes());
        for (SpoolDamage found : recovered.damage()) {
            LOG.log(System.Logger.Level.WARNING, "event spool damaged: " + found);
        }
        return new Spool(dir, options, ackFile, recovered);
    }

    public static Spool open(Path dir) throws IOException {
        return open(dir, SpoolOptions.DEFAULT);
    }

    /**
     * Queues an event for the disk and returns at once; the future completes (with the position
     * after the record) once it is fsynced. Appends are spooled in call order.
     */
    public CompletableFuture<SpoolPosition> append(Event event) {
        return appendJson(EventJson.encodeBytes(event));
    }

    /** As {@link #append(Event)} for an event already encoded as JSON. */
    public synchronized CompletableFuture<SpoolPosition> appendJson(byte[] json) {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
        if (json.length > options.maxRecordBytes()) {
            throw new IllegalArgumentException("event of " + json.length + " bytes exceeds the spool's record limit of "
                    + options.maxRecordBytes());
        }
        byte[] record = RecordFormat.encode(json);
        bytes.addAndGet(record.length);
        appendedOrdinal.incrementAndGet();
        return writer.enqueue(record);
    }

    /** Completes once everything appended before this call is durable. */
    public CompletableFuture<SpoolPosition> flush() {
        return writer.flush();
    }

    /** A reader from the acknowledged position (one publisher reads a spool at a time). */
    public SpoolCursor cursor() {
        return new SpoolCursor(this);
    }

    /**
     * Records that the broker confirmed everything up to and including {@code record}: stores the
     * position after it (atomically) and deletes segments that are entirely published. Positions
     * that do not move forward are ignored.
     */
    public void acknowledge(SpoolRecord record) throws IOException {
        synchronized (ackLock) {
            if (!record.next().isAfter(acknowledged)) {
                return;
            }
            ackFile.write(record.next());
            acknowledged = record.next();
            acknowledgedOrdinal = record.ordinal();
            deletePublishedSegments();
        }
    }

    private void deletePublishedSegments() throws IOException {
        long active = committed.segment();
        for (Map.Entry<Long, Long> entry : segmentBytes.entrySet()) {
            long segment = entry.getKey();
            boolean published = segment < acknowledged.segment()
                    || (segment == acknowledged.segment() && acknowledged.offset() >= entry.getValue());
            if (segment >= active || !published) {
                break;
            }
            try {
                Files.delete(SegmentFiles.path(dir, segment));
            } catch (NoSuchFileException e) {
                // already gone
            }
            segmentBytes.remove(segment);
            bytes.addAndGet(-entry.getValue());
        }
    }

    private void onCommitted(SpoolPosition end) {
        segmentBytes.put(end.segment(), end.offset());
        commitLock.lock();
        try {
            committed = end;
            commitMoved.signalAll();
        } finally {
            commitLock.unlock();
        }
        for (Runnable listener : commitListeners) {
            listener.run();
        }
    }

    /** Runs {@code listener} (on the writer thread: keep it short) after every durable batch. */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    /** Waits until the committed end moves past {@code position}; false on timeout. */
    boolean awaitCommittedAfter(SpoolPosition position, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        commitLock.lock();
        try {
            while (!committed.isAfter(position)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                commitMoved.awaitNanos(left);
            }
            return true;
        } finally {
            commitLock.unlock();
        }
    }

    /** The first segment on disk after {@code segment} (segments below the acknowledged one are gone). */
    long segmentAfter(long segment) {
        for (long candidate : segmentBytes.keySet()) {
            if (candidate > segment) {
                return candidate;
            }
        }
        return committed.segment();
    }

    Path dir() {
        return dir;
    }

    int maxRecordBytes() {
        return options.maxRecordBytes();
    }

    long acknowledgedOrdinal() {
        return acknowledgedOrdinal;
    }

    /** The end of the last durable batch: readers see records up to here. */
    public SpoolPosition committed() {
        return committed;
    }

    /** The position after the last record the broker confirmed. */
    public SpoolPosition acknowledged() {
        return acknowledged;
    }

    /** Bytes held by the spool: unpublished segments plus appends not yet written. */
    public long bytes() {
        return bytes.get();
    }

    public long boundBytes() {
        return options.boundBytes();
    }

    /** True while the spool holds more than its bound: heartbeat samples should be dropped. */
    public boolean overBound() {
        return bytes.get() > options.boundBytes();
    }

    /** Records appended (or recovered) and not yet acknowledged: the publishing lag. */
    public long pendingRecords() {
        return appendedOrdinal.get() - acknowledgedOrdinal;
    }

    /** Segment files on disk, including the one being written. */
    public int segments() {
        return segmentBytes.size();
    }

    /** Damage found when the spool was opened (empty for a clean spool). */
    public List<SpoolDamage> recoveryDamage() {
        return damage;
    }

    /** The last disk error of the writer while it is retrying, empty while writes succeed. */
    public Optional<String> lastWriteError() {
        return Optional.ofNullable(writer.lastError());
    }

    public SpoolOptions options() {
        return options;
    }

    /** Writes everything appended so far, then stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.close(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitLock.lock();
        try {
            commitMoved.signalAll();
        } finally {
            commitLock.unlock();
        }
    }


    @Override
    public String toString() {
        return "spool " + dir + " (" + bytes() + " bytes, " + pendingRecords() + " unpublished)";
    }
}
