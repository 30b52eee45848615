package io.quorate.runtime.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/** The frame parser alone: frames across arbitrary chunk boundaries, and refused lengths. */
class StreamLinkFramingTest {
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> badLengths = new ArrayList<>();
    private final FrameParser parser = new FrameParser(100, packet -> frames.add(packet.getBytes()), badLengths::add);

    @Test
    void framesSplitAnywhereAreReassembled() {
        Buffer stream = Buffer.buffer().appendBuffer(FrameParser.frame(new byte[] {1, 2, 3}))
                .appendBuffer(FrameParser.frame(new byte[100])).appendBuffer(FrameParser.frame(new byte[] {9}));

        for (int i = 0; i < stream.length(); i++) {
            parser.handle(stream.getBuffer(i, i + 1));
        }

        assertEquals(3, frames.size());
        assertArrayEquals(new byte[] {1, 2, 3}, frames.get(0));
        assertArrayEquals(new byte[100], frames.get(1));
        assertArrayEquals(new byte[] {9}, frames.get(2));
        assertEquals(List.of(), badLengths);
    }

    @Test
    void aLengthOutOfBoundsIsReportedOnceAndEndsParsing() {
        parser.handle(FrameParser.frame(new byte[] {1}).appendInt(101).appendBytes(new byte[101])
                .appendBuffer(FrameParser.frame(new byte[] {2})));

        assertEquals(1, frames.size());
        assertEquals(List.of(101), badLengths);
        parser.handle(FrameParser.frame(new byte[] {3}));
        assertEquals(1, frames.size(), "nothing is parsed after a refused length");
    }

    @Test
    void anEmptyFrameIsRefused() {
        parser.handle(Buffer.buffer().appendInt(0));

        assertEquals(List.of(0), badLengths);
    }
}
