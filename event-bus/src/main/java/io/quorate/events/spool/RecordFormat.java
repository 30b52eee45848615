package io.quorate.events.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * On-disk form of one spool record: a 4-byte big-endian payload length, a 4-byte CRC32C over the
 * length bytes and the payload, then the payload (an event's JSON). The CRC covers the length so a
 * damaged length is caught too; a JSON payload always starts with '{', which makes resynchronising
 * after garbage cheap (most candidate offsets are rejected before any CRC is computed).
 */
final class RecordFormat {
    static final int HEADER_BYTES = 8;

    private RecordFormat() {
    }

    static byte[] encode(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buffer.putInt(payload.length);
        buffer.putInt(crc(payload.length, payload, 0));
        buffer.put(payload);
        return buffer.array();
    }

    /**
     * The payload length of a valid record at {@code pos} in {@code buf[0, limit)}, or -1 when the
     * bytes there are not a whole valid record.
     */
    static int validAt(byte[] buf, int pos, int limit, int maxRecordBytes) {
        if (limit - pos < HEADER_BYTES + 1) {
            return -1;
        }
        int length = readInt(buf, pos);
        if (length <= 0 || length > maxRecordBytes || length > limit - pos - HEADER_BYTES) {
            return -1;
        }
        int payloadAt = pos + HEADER_BYTES;
        if (buf[payloadAt] != '{') {
            return -1;
        }
        return crc(length, buf, payloadAt, length) == readInt(buf, pos + 4) ? length : -1;
    }

    private static int crc(int length, byte[] payload, int from) {
        return crc(length, payload, from, payload.length - from);
    }

    private static int crc(int length, byte[] buf, int from, int count) {
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        crc.update(buf, from, count);
        return (int) crc.getValue();
    }

    private static int readInt(byte[] buf, int pos) {
        return ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
    }
}
