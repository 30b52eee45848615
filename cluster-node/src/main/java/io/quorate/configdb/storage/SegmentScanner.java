package io.quorate.configdb.storage;

import static io.quorate.configdb.storage.WalFormat.ENTRY;
import static io.quorate.configdb.storage.WalFormat.ENTRY_FIXED_BYTES;
import static io.quorate.configdb.storage.WalFormat.HARD_STATE;
import static io.quorate.configdb.storage.WalFormat.HARD_STATE_PAYLOAD_BYTES;
import static io.quorate.configdb.storage.WalFormat.RECORD_FRAME_BYTES;
import static io.quorate.configdb.storage.WalFormat.SEGMENT_HEADER_BYTES;
import static io.quorate.configdb.storage.WalFormat.TRUNCATE;
import static io.quorate.configdb.storage.WalFormat.TRUNCATE_PAYLOAD_BYTES;

import io.quorate.protocol.Blob;
import io.quorate.protocol.LogEntry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Decodes one segment file held in memory: checks the header, hands each valid record to a sink,
 * and stops at the first invalid one, reporting where it is and whether valid records follow it
 * (which tells a torn write at the end from damage in the middle).
 */
final class SegmentScanner {

    interface RecordSink {
        void accept(long offset, WalRecord record) throws CorruptLogException;
    }

    /**
     * The first invalid record. {@code nextValidOffset} is where a valid record starts after it, or
     * -1 when nothing valid follows (then the damage may be a write cut short by a crash).
     */
    record Damage(long offset, String problem, long nextValidOffset) {
        boolean dataFollows() {
            return nextValidOffset >= 0;
        }
    }

    /** The result when a record is invalid and no explanation was asked for. */
    private static final String INVALID = "invalid";

    private final Path file;
    private final byte[] bytes;
    private final ByteBuffer view;
    private final CRC32C crc = new CRC32C();

    SegmentScanner(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
        this.view = ByteBuffer.wrap(bytes);
    }

    /** The {@code prevIndex} of the header; valid once {@link #checkHeader} passed. */
    long prevIndex() {
        return view.getLong(8);
    }

    /**
     * Feeds every valid record after the header to {@code sink}, in order.
     *
     * @return the first damage, or null when the file ends cleanly after a record (or the header)
     */
    Damage scanRecords(RecordSink sink) throws CorruptLogException {
        int offset = SEGMENT_HEADER_BYTES;
        while (offset < bytes.length) {
            String problem = check(offset, true);
            if (problem != null) {
                return new Damage(offset, problem, nextValid(offset + 1));
            }
            int length = view.getInt(offset);
            sink.accept(offset, decode(offset, length));
            offset += RECORD_FRAME_BYTES + length;
        }
        return null;
    }

    /**
     * @return null when the header is valid; damage when it is missing, short or all zero (what a
     *         crash while creating the file leaves)
     * @throws CorruptLogException when the header is present but wrong (magic, version)
     */
    Damage checkHeader() throws CorruptLogException {
        if (bytes.length < SEGMENT_HEADER_BYTES) {
            return new Damage(0, "file of " + bytes.length + " bytes is shorter than its " + SEGMENT_HEADER_BYTES + "-byte header", -1);
        }
        if (isZero(0, SEGMENT_HEADER_BYTES)) {
            return new Damage(0, "the header is all zero bytes", nextValid(SEGMENT_HEADER_BYTES));
        }
        int magic = view.getInt(0);
        if (magic != WalFormat.SEGMENT_MAGIC) {
            throw new CorruptLogException(file, 0, String.format("bad magic 0x%08x (expected 0x%08x \"QWAL\"): not a wal segment",
                    magic, WalFormat.SEGMENT_MAGIC));
        }
        int version = view.getInt(4);
        if (version != WalFormat.SEGMENT_VERSION) {
            throw new CorruptLogException(file, 4, "unsupported format version " + version + " (this build reads "
                    + WalFormat.SEGMENT_VERSION + ")");
        }
        if (prevIndex() < 0) {
            throw new CorruptLogException(file, 8, "negative prevIndex " + prevIndex() + " in the header");
        }
        return null;
    }

    /** Null when a valid record starts at {@code offset}; otherwise what is wrong ({@link #INVALID} unless {@code explain}). */
    private String check(int offset, boolean explain) {
        int left = bytes.length - offset;
        if (left < RECORD_FRAME_BYTES + 1) {
            return explain ? "record cut off after " + left + " bytes (a record needs at least " + (RECORD_FRAME_BYTES + 1) + ")" : INVALID;
        }
        int length = view.getInt(offset);
        if (length < 1 || length > left - RECORD_FRAME_BYTES) {
            return explain ? "record length " + length + " does not fit the " + (left - RECORD_FRAME_BYTES) + " bytes left" : INVALID;
        }
        byte type = bytes[offset + RECORD_FRAME_BYTES];
        int payload = length - 1;
        boolean sizeFits = switch (type) {
            case ENTRY -> payload >= ENTRY_FIXED_BYTES;
            case TRUNCATE -> payload == TRUNCATE_PAYLOAD_BYTES;
            case HARD_STATE -> payload == HARD_STATE_PAYLOAD_BYTES;
            default -> false;
        };
        if (!explain && !sizeFits) {
            return INVALID;
        }
        crc.reset();
        crc.update(bytes, offset + RECORD_FRAME_BYTES, length);
        int stored = view.getInt(offset + 4);
        if (stored != (int) crc.getValue()) {
            return explain ? String.format("CRC32C mismatch (stored %08x, computed %08x)", stored, (int) crc.getValue()) : INVALID;
        }
        if (!sizeFits) {
            return explain ? "record of type " + type + " with " + payload + " payload bytes (unknown type or wrong size)" : INVALID;
        }
        int payloadAt = offset + RECORD_FRAME_BYTES + 1;
        boolean valuesFit = switch (type) {
            case ENTRY -> view.getLong(payloadAt) >= 0 && view.getLong(payloadAt + 8) >= 1;
            case TRUNCATE -> view.getLong(payloadAt) >= 1;
            default -> view.getLong(payloadAt) >= 0;
        };
        if (!valuesFit) {
            return explain ? "record of type " + type + " holds a negative term or an index below 1" : INVALID;
        }
        return null;
    }

    private WalRecord decode(int offset, int length) {
        int payloadAt = offset + RECORD_FRAME_BYTES + 1;
        return switch (bytes[offset + RECORD_FRAME_BYTES]) {
            case ENTRY -> {
                byte[] command = Arrays.copyOfRange(bytes, payloadAt + ENTRY_FIXED_BYTES, offset + RECORD_FRAME_BYTES + length);
                yield new WalRecord.Entry(new LogEntry(view.getLong(payloadAt), view.getLong(payloadAt + 8), Blob.wrap(command)));
            }
            case TRUNCATE -> new WalRecord.Truncate(view.getLong(payloadAt));
            case HARD_STATE -> new WalRecord.HardState(view.getLong(payloadAt), view.getInt(payloadAt + 8));
            default -> throw new IllegalStateException("checked record has type " + bytes[offset + RECORD_FRAME_BYTES]);
        };
    }

    /** The first offset at or after {@code from} where a valid record starts, or -1. */
    private long nextValid(int from) {
        for (int offset = from; offset <= bytes.length - RECORD_FRAME_BYTES - 1; offset++) {
            if (check(offset, false) == null) {
                return offset;
            }
        }
        return -1;
    }

    private boolean isZero(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
