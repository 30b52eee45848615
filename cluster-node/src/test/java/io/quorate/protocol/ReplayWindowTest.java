package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private static final int NODE = 2;
    private final ReplayWindow window = new ReplayWindow();

    @Test
    void firstPacketOfASenderIsAccepted() {
        assertTrue(window.accept(NODE, 1, 500));
    }

    @Test
    void duplicateIsRejected() {
        assertTrue(window.accept(NODE, 1, 10));
        assertFalse(window.accept(NODE, 1, 10));
    }

    @Test
    void reorderedPacketWithinTheWindowIsAcceptedOnce() {
        assertTrue(window.accept(NODE, 1, 100));
        assertTrue(window.accept(NODE, 1, 103));
        assertTrue(window.accept(NODE, 1, 101));
        assertFalse(window.accept(NODE, 1, 101));
        assertTrue(window.accept(NODE, 1, 102));
        assertFalse(window.accept(NODE, 1, 100));
    }

    @Test
    void oldestSequenceInsideTheWindowIsStillAcceptedButOneOlderIsNot() {
        assertTrue(window.accept(NODE, 1, 1000));
        assertTrue(window.accept(NODE, 1, 1000 - (ReplayWindow.WINDOW_SIZE - 1)));
        assertFalse(window.accept(NODE, 1, 1000 - ReplayWindow.WINDOW_SIZE));
    }

    @Test
    void packetsOlderThanTheWindowAreRejectedAfterAJump() {
        assertTrue(window.accept(NODE, 1, 5));
        assertTrue(window.accept(NODE, 1, 5 + 1000));
        assertFalse(window.accept(NODE, 1, 6));
        assertFalse(window.accept(NODE, 1, 5 + 1000));
    }

    @Test
    void slidingForwardKeepsRememberingRecentSequences() {
        for (long seq = 0; seq < 200; seq++) {
            assertTrue(window.accept(NODE, 1, seq));
        }
        for (long seq = 200 - ReplayWindow.WINDOW_SIZE; seq < 200; seq++) {
            assertFalse(window.accept(NODE, 1, seq), "replay of " + seq);
        }
    }

    @Test
    void higherIncarnationResetsTheWindow() {
        assertTrue(window.accept(NODE, 1, 900));
        assertTrue(window.accept(NODE, 2, 0)); // the sender restarted and counts from 0 again
        assertTrue(window.accept(NODE, 2, 1));
        assertFalse(window.accept(NODE, 2, 0));
    }

    @Test
    void lowerIncarnationIsRejected() {
        assertTrue(window.accept(NODE, 1, 0));
        assertTrue(window.accept(NODE, 2, 0));
        assertFalse(window.accept(NODE, 1, 1));
    }

    @Test
    void sendersHaveIndependentWindows() {
        assertTrue(window.accept(2, 1, 7));
        assertTrue(window.accept(3, 1, 7));
        assertFalse(window.accept(2, 1, 7));
    }

    @Test
    void forgetStartsTheSenderAfresh() {
        assertTrue(window.accept(NODE, 5, 7));
        window.forget(NODE);
        assertTrue(window.accept(NODE, 4, 7));
    }

    @Test
    void negativeValuesAreNeverAccepted() {
        assertFalse(window.accept(NODE, -1, 0));
        assertFalse(window.accept(NODE, 0, -1));
    }
}
