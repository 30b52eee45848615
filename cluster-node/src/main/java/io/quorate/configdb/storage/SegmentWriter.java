package io.quorate.configdb.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends to one segment file: one write call per batch, then {@code fdatasync}. */
final class SegmentWriter implements Closeable {
    private final FileChannel channel;
    private long size;

    private SegmentWriter(FileChannel channel, long size) throws IOException {
        this.channel = channel;
        this.size = size;
        channel.position(size);
    }

    /** A new, empty segment file; fails if the file exists. The caller fsyncs the directory. */
    static SegmentWriter create(Path file) throws IOException {
        return new SegmentWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 0);
    }

    /** An existing segment whose valid content ends at {@code size}, where appending continues. */
    static SegmentWriter reopen(Path file, long size) throws IOException {
        return new SegmentWriter(FileChannel.open(file, StandardOpenOption.WRITE), size);
    }

    long size() {
        return size;
    }

    void write(byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += length;
    }

    /** Makes everything written durable; {@code force(false)} is fdatasync, which includes the file size. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
