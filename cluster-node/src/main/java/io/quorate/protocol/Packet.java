package io.quorate.protocol;

import java.util.Objects;

/**
 * One authenticated datagram: who sent it, in which incarnation of its process, its per-incarnation
 * packet number (for replay protection), and the message.
 */
public record Packet(int senderId, long incarnation, long packetSeq, ClusterMessage message) {
    public Packet {
        Objects.requireNonNull(message, "message");
        if (senderId <= 0) {
            throw new IllegalArgumentException("sender node id must be positive: " + senderId);
        }
    }
}
