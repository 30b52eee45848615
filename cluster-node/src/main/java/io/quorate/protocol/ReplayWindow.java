package io.quorate.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-sender anti-replay state, as IPsec's sliding window (RFC 4303 §3.4.3): within one
 * incarnation of a sender, a packet number is accepted at most once, late (reordered) packets up to
 * {@link #WINDOW_SIZE} - 1 behind the highest seen are still accepted once, and anything older is
 * rejected. A higher incarnation means the sender restarted and starts a fresh window; a lower one
 * is a replay from a previous life. Deterministic: no clock.
 *
 * <p>Call only for authenticated packets from known senders: {@link #accept} advances the window,
 * so unauthenticated input could otherwise push it ahead and lock a real sender out. Not
 * thread-safe.
 */
public final class ReplayWindow {
    public static final int WINDOW_SIZE = Long.SIZE;

    private final Map<Integer, SenderWindow> senders = new HashMap<>();

    /** Whether this packet is new; if so, records it as seen. Negative numbers are never new. */
    public boolean accept(int senderId, long incarnation, long packetSeq) {
        if (incarnation < 0 || packetSeq < 0) {
            return false; // the decoder never yields them; refusing keeps the window's arithmetic simple
        }
        SenderWindow window = senders.get(senderId);
        if (window == null || incarnation > window.incarnation) {
            senders.put(senderId, new SenderWindow(incarnation, packetSeq));
            return true;
        }
        return incarnation == window.incarnation && window.accept(packetSeq);
    }

    /** Drops what is known about a sender, e.g. when it is removed from the nodelist. */
    public void forget(int senderId) {
        senders.remove(senderId);
    }

    /** The window of one incarnation: bit i of {@code seen} stands for packet {@code highest - i}. */
    private static final class SenderWindow {
        final long incarnation;
        private long highest;
        private long seen;

        SenderWindow(long incarnation, long firstSeq) {
            this.incarnation = incarnation;
            this.highest = firstSeq;
            this.seen = 1L;
        }

        boolean accept(long packetSeq) {
            if (packetSeq > highest) {
                long advance = packetSeq - highest;
                seen = advance >= WINDOW_SIZE ? 1L : (seen << advance) | 1L;
                highest = packetSeq;
                return true;
            }
            long behind = highest - packetSeq;
            if (behind >= WINDOW_SIZE) {
                return false;
            }
            long bit = 1L << behind;
            if ((seen & bit) != 0) {
                return false;
            }
            seen |= bit;
            return true;
        }
    }
}
