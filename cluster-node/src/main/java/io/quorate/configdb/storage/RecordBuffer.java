package io.quorate.configdb.storage;

import static io.quorate.configdb.storage.WalFormat.ENTRY;
import static io.quorate.configdb.storage.WalFormat.ENTRY_FIXED_BYTES;
import static io.quorate.configdb.storage.WalFormat.HARD_STATE;
import static io.quorate.configdb.storage.WalFormat.HARD_STATE_PAYLOAD_BYTES;
import static io.quorate.configdb.storage.WalFormat.RECORD_FRAME_BYTES;
import static io.quorate.configdb.storage.WalFormat.TRUNCATE;
import static io.quorate.configdb.storage.WalFormat.TRUNCATE_PAYLOAD_BYTES;

import io.quorate.protocol.LogEntry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Encodes segment headers and records into one growing byte array, written to disk in one go. */
final class RecordBuffer {
    private final CRC32C crc = new CRC32C();
    private byte[] bytes;
    private ByteBuffer view;
    private int size;

    RecordBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
        view = ByteBuffer.wrap(bytes);
    }

    int size() {
        return size;
    }

    /** The encoded bytes are {@code array()[0 .. size())}. */
    byte[] array() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    void putSegmentHeader(long prevIndex) {
        ensure(WalFormat.SEGMENT_HEADER_BYTES);
        view.putInt(size, WalFormat.SEGMENT_MAGIC).putInt(size + 4, WalFormat.SEGMENT_VERSION).putLong(size + 8, prevIndex);
        size += WalFormat.SEGMENT_HEADER_BYTES;
    }

    void putEntry(LogEntry entry) {
        byte[] command = entry.command().unsafeArray();
        int payload = begin(ENTRY, ENTRY_FIXED_BYTES + command.length);
        view.putLong(payload, entry.term()).putLong(payload + 8, entry.index());
        System.arraycopy(command, 0, bytes, payload + ENTRY_FIXED_BYTES, command.length);
        end(payload, ENTRY_FIXED_BYTES + command.length);
    }

    void putTruncate(long fromIndex) {
        int payload = begin(TRUNCATE, TRUNCATE_PAYLOAD_BYTES);
        view.putLong(payload, fromIndex);
        end(payload, TRUNCATE_PAYLOAD_BYTES);
    }

    void putHardState(long term, int votedFor) {
        int payload = begin(HARD_STATE, HARD_STATE_PAYLOAD_BYTES);
        view.putLong(payload, term).putInt(payload + 8, votedFor);
        end(payload, HARD_STATE_PAYLOAD_BYTES);
    }

    /** Reserves a record of {@code payloadBytes}, writes its type, returns where the payload goes. */
    private int begin(byte type, int payloadBytes) {
        ensure(RECORD_FRAME_BYTES + 1 + payloadBytes);
        bytes[size + RECORD_FRAME_BYTES] = type;
        return size + RECORD_FRAME_BYTES + 1;
    }

    /** Fills in the length and CRC of the record whose payload starts at {@code payload}. */
    private void end(int payload, int payloadBytes) {
        int typeAt = payload - 1;
        crc.reset();
        crc.update(bytes, typeAt, 1 + payloadBytes);
        view.putInt(size, 1 + payloadBytes).putInt(size + 4, (int) crc.getValue());
        size = payload + payloadBytes;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a sync batch of " + needed + " bytes is too large");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
            view = ByteBuffer.wrap(bytes);
        }
    }
}
