package io.quorate.runtime.link;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Cuts a byte stream into frames {@code [int32 length][packet]} and makes frames of them. A length
 * outside {@code 1..maxFrameBytes} is reported and ends parsing at once: the body is never read, so
 * a bogus length cannot make the link buffer (or allocate) anything. Bodies accumulate only as
 * their bytes arrive. Not thread-safe: feed it from the connection's event loop.
 */
final class FrameParser implements Handler<Buffer> {
    static final int LENGTH_BYTES = Integer.BYTES;

    private final int maxFrameBytes;
    private final Consumer<Buffer> onFrame;
    private final IntConsumer onBadLength;
    private final RecordParser parser;
    private boolean expectingLength = true;
    private boolean stopped;

    /**
     * @param onFrame     gets each packet, without its length prefix
     * @param onBadLength gets a refused length; nothing more is parsed after it
     */
    FrameParser(int maxFrameBytes, Consumer<Buffer> onFrame, IntConsumer onBadLength) {
        this.maxFrameBytes = maxFrameBytes;
        this.onFrame = onFrame;
        this.onBadLength = onBadLength;
        this.parser = RecordParser.newFixed(LENGTH_BYTES);
        parser.handler(this::onRecord);
    }

    /** The frame carrying {@code packet}. */
    static Buffer frame(byte[] packet) {
        return Buffer.buffer(LENGTH_BYTES + packet.length).appendInt(packet.length).appendBytes(packet);
    }

    @Override
    public void handle(Buffer chunk) {
        if (!stopped) {
            parser.handle(chunk);
        }
    }

    /** Parses nothing more (the connection is being closed). */
    void stop() {
        stopped = true;
        parser.pause();
    }

    private void onRecord(Buffer record) {
        if (stopped) {
            return;
        }
        if (expectingLength) {
            int length = record.getInt(0);
            if (length < 1 || length > maxFrameBytes) {
                stop();
                onBadLength.accept(length);
                return;
            }
            expectingLength = false;
            parser.fixedSizeMode(length);
        } else {
            expectingLength = true;
            parser.fixedSizeMode(LENGTH_BYTES);
            onFrame.accept(record);
        }
    }
}
