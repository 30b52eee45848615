package io.quorate.events.spool;

/**
 * Walks the records in a region of a segment read into memory, skipping bytes that are not valid
 * records by scanning forward for the next offset where a valid one begins.
 */
final class RecordScanner {
    private final byte[] buf;
    private final int limit;
    private final long baseOffset;
    private final int maxRecordBytes;
    private int pos;

    /** A valid record: its payload is {@code buf[payloadAt, payloadAt + length)}. */
    record Found(long offset, long skippedBefore, int payloadAt, int length) {
        long end() {
            return offset + RecordFormat.HEADER_BYTES + length;
        }
    }

    /** Scans {@code buf[from, limit)}; {@code baseOffset} is the segment offset of {@code buf[0]}. */
    RecordScanner(byte[] buf, int from, int limit, long baseOffset, int maxRecordBytes) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
        this.baseOffset = baseOffset;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The next valid record, or null when none is left; {@link Found#skippedBefore} says how many bytes were skipped to reach it. */
    Found next() {
        int start = pos;
        for (int at = pos; at < limit; at++) {
            int length = RecordFormat.validAt(buf, at, limit, maxRecordBytes);
            if (length >= 0) {
                pos = at + RecordFormat.HEADER_BYTES + length;
                return new Found(baseOffset + at, at - start, at + RecordFormat.HEADER_BYTES, length);
            }
        }
        pos = limit;
        return null;
    }

}
