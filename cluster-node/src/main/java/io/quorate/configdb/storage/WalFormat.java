package io.quorate.configdb.storage;

/**
 * The on-disk format of the write-ahead log, in one place. All numbers are big-endian.
 *
 * <pre>
 * segment    wal-NNNNNNNNNNNNNNNNNNNN.log  = header, then records
 * header     int32 magic "QWAL" | int32 version 1 | int64 prevIndex (the log's last index when the segment was opened)
 * record     int32 length | int32 CRC32C of (type + payload) | byte type | payload     (length = 1 + payload size)
 *   ENTRY      1  int64 term | int64 index | command bytes (the rest of the record)
 *   TRUNCATE   2  int64 fromIndex       drop the entries with index >= fromIndex
 *   HARD_STATE 3  int64 term | int32 votedFor (0 = none)
 * </pre>
 *
 * <p>An ENTRY whose index is at or below the last one replaces it and drops what follows (implicit
 * truncation), so appending over a conflicting suffix needs no TRUNCATE record. Every segment's
 * first record is a HARD_STATE, so deleting older segments never loses the term or the vote.
 *
 * <p>The number in a segment's name is {@code prevIndex + 1}, the index it was opened for, raised
 * to the previous segment's number + 1 when a truncation went below that: names only grow, so name
 * order is write order. Snapshot files are described in {@link SnapshotFile}.
 */
final class WalFormat {
    static final int SEGMENT_MAGIC = 0x5157414C; // "QWAL"
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 16;

    /** The length and CRC fields in front of every record. */
    static final int RECORD_FRAME_BYTES = 8;

    static final byte ENTRY = 1;
    static final byte TRUNCATE = 2;
    static final byte HARD_STATE = 3;

    static final int ENTRY_FIXED_BYTES = 16;
    static final int TRUNCATE_PAYLOAD_BYTES = 8;
    static final int HARD_STATE_PAYLOAD_BYTES = 12;

    private WalFormat() {
    }
}
