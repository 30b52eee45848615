package io.quorate.events.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads committed spool records in order, starting at the acknowledged position. Bytes that are
 * not valid records (damage already reported when the spool opened) are skipped the same way the
 * recovery skipped them. Not thread-safe: one publisher thread owns a cursor.
 */
public final class SpoolCursor {
    private final Spool spool;
    private SpoolPosition position;
    private long ordinal;
    private byte[] buffer;
    private long bufferBase;
    private int bufferLength;
    private long skippedBytes;

    SpoolCursor(Spool spool) {
        this.spool = spool;
        rewind();
    }

    /** Goes back to the acknowledged position, e.g. to resend after a failed publish. */
    public void rewind() {
        position = spool.acknowledged();
        ordinal = spool.acknowledgedOrdinal();
        buffer = null;
    }

    /** The position of the next record to read. */
    public SpoolPosition position() {
        return position;
    }

    /** Bytes skipped because they were not valid records. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Up to {@code maxRecords} committed records after the current position; empty when caught up. */
    public List<SpoolRecord> poll(int maxRecords) throws IOException {
        List<SpoolRecord> records = new ArrayList<>();
        while (records.size() < maxRecords) {
            SpoolPosition committed = spool.committed();
            if (position.segment() > committed.segment()) {
                break;
            }
            boolean sealed = position.segment() < committed.segment();
            long end = sealed ? sealedEnd(position.segment()) : committed.offset();
            if (position.offset() >= end) {
                if (!sealed) {
                    break;
                }
                position = new SpoolPosition(spool.segmentAfter(position.segment()), 0);
                buffer = null;
                continue;
            }
            if (buffer == null || position.offset() < bufferBase || position.offset() >= bufferBase + bufferLength) {
                load(position, end);
            }
            int from = (int) (position.offset() - bufferBase);
            int limit = (int) Math.min(bufferLength, end - bufferBase);
            RecordScanner scanner = new RecordScanner(buffer, from, limit, bufferBase, spool.maxRecordBytes());
            while (records.size() < maxRecords) {
                RecordScanner.Found found = scanner.next();
                if (found == null) {
                    long regionEnd = bufferBase + limit;
                    skippedBytes += regionEnd - position.offset();
                    position = new SpoolPosition(position.segment(), regionEnd);
                    break;
                }
                skippedBytes += found.skippedBefore();
                byte[] json = Arrays.copyOfRange(buffer, found.payloadAt(), found.payloadAt() + found.length());
                SpoolPosition start = new SpoolPosition(position.segment(), found.offset());
                position = new SpoolPosition(position.segment(), found.end());
                records.add(new SpoolRecord(++ordinal, start, position, json));
            }
        }
        return records;
    }

    /** Waits up to {@code timeoutMs} for records after the current position; true when there are some. */
    public boolean awaitData(long timeoutMs) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            skipExhaustedSegments();
            SpoolPosition committed = spool.committed();
            if (position.segment() < committed.segment() || committed.offset() > position.offset()) {
                return true; // an unread sealed segment, or new bytes in the active one
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0 || !spool.awaitCommittedAfter(committed, leftMs)) {
                return false;
            }
        }
    }

    /** Moves past sealed segments that hold nothing more to read. */
    private void skipExhaustedSegments() throws IOException {
        while (position.segment() < spool.committed().segment() && position.offset() >= sealedEnd(position.segment())) {
            position = new SpoolPosition(spool.segmentAfter(position.segment()), 0);
            buffer = null;
        }
    }

    /** A sealed segment ends at its file size; a deleted one (already published) at 0. */
    private long sealedEnd(long segment) throws IOException {
        Path file = SegmentFiles.path(spool.dir(), segment);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private void load(SpoolPosition from, long end) throws IOException {
        int length = (int) (end - from.offset());
        byte[] bytes = new byte[length];
        try (FileChannel channel = FileChannel.open(SegmentFiles.path(spool.dir(), from.segment()), StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(bytes);
            while (target.hasRemaining()) {
                if (channel.read(target, from.offset() + target.position()) < 0) {
                    break;
                }
            }
            bufferLength = target.position();
        }
        buffer = bytes;
        bufferBase = from.offset();
    }
}
