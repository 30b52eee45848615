package io.quorate.protocol;

import java.util.Objects;

/**
 * One authenticated datagram: who sent it, in which incarnation of its process, its per-incarnation
 * packet number (for replay protection), the message, and the sender's hybrid logical clock when it
 * sent it (so the events of different nodes merge in causal order; 0 when unknown).
 */
public record Packet(int senderId, long incarnation, long packetSeq, ClusterMessage message, long hlc) {
    public Packet {
        Objects.requireNonNull(message, "message");
        if (senderId <= 0) {
            throw new IllegalArgumentException("sender node id must be positive: " + senderId);
        }
        if (hlc < 0) {
            throw new IllegalArgumentException("hybrid clock must not be negative: " + hlc);
        }
    }

    /** A packet without a clock stamp. */
    public Packet(int senderId, long incarnation, long packetSeq, ClusterMessage message) {
        this(senderId, incarnation, packetSeq, message, 0);
    }
}
