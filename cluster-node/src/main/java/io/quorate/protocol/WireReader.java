package io.quorate.protocol;

import java.nio.ByteBuffer;

/**
 * Big-endian primitives from a bounded region of a datagram. Every read first checks that its
 * bytes are there, so hostile input ends in {@link MalformedPacketException}, never in an index
 * error. {@code field} names what is being read, for the rejection detail.
 */
final class WireReader {
    private final byte[] data;
    private final int end;
    private int position;

    WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - position;
    }

    int uint8(String field) throws MalformedPacketException {
        require(field, 1);
        return data[position++] & 0xff;
    }

    int int32(String field) throws MalformedPacketException {
        require(field, Integer.BYTES);
        int value = 0;
        for (int i = 0; i < Integer.BYTES; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    long int64(String field) throws MalformedPacketException {
        require(field, Long.BYTES);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    /**
     * Reads an int32 length (a number of elements of {@code elementBytes} each) and checks that the
     * rest of the packet can hold them, so no caller ever allocates for a length someone made up.
     */
    int length(String field, int elementBytes) throws MalformedPacketException {
        int length = int32(field);
        if (length < 0) {
            throw new MalformedPacketException(field + ": negative length " + length);
        }
        long needed = (long) length * elementBytes;
        if (needed > remaining()) {
            throw new MalformedPacketException(
                    field + ": length " + length + " needs " + needed + " bytes but only " + remaining() + " remain");
        }
        return length;
    }

    /** The next {@code length} bytes as a read-only view, without copying. */
    ByteBuffer slice(String field, int length) throws MalformedPacketException {
        require(field, length);
        ByteBuffer view = ByteBuffer.wrap(data, position, length).asReadOnlyBuffer();
        position += length;
        return view;
    }

    void requireEnd() throws MalformedPacketException {
        if (remaining() != 0) {
            throw new MalformedPacketException(remaining() + " trailing bytes");
        }
    }

    private void require(String field, int bytes) throws MalformedPacketException {
        if (bytes > remaining()) {
            throw new MalformedPacketException(field + ": needs " + bytes + " bytes but only " + remaining() + " remain");
        }
    }
}
