package io.quorate.protocol;

import java.util.Arrays;

/**
 * Big-endian primitives into a growable buffer, reused from packet to packet so steady-state
 * encoding allocates only the finished datagram. The size limit is the codec's to check.
 */
final class WireWriter {
    private byte[] buffer = new byte[512];
    private int position;

    void reset() {
        position = 0;
    }

    int position() {
        return position;
    }

    void int8(int value) {
        ensureRoom(1);
        buffer[position++] = (byte) value;
    }

    void int32(int value) {
        ensureRoom(Integer.BYTES);
        putInt32(position, value);
        position += Integer.BYTES;
    }

    void int64(long value) {
        ensureRoom(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    void bytes(byte[] value) {
        ensureRoom(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    /** Overwrites an int32 written earlier, for length fields known only after what they measure. */
    void patchInt32(int at, int value) {
        putInt32(at, value);
    }

    /** Everything written so far, followed by {@code extra} zero bytes for the caller to fill. */
    byte[] copyWithRoomFor(int extra) {
        return Arrays.copyOf(buffer, position + extra);
    }

    private void putInt32(int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    private void ensureRoom(int bytes) {
        if (bytes > buffer.length - position) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
        }
    }
}
