package io.quorate.protocol;

import java.util.Objects;

/** What {@link PacketCodec#decode(byte[], int, int)} made of a datagram: a packet, or why it was dropped. */
public sealed interface DecodeResult {

    /** The datagram is an authentic, well-formed packet (replay checks are the caller's next step). */
    record Accepted(Packet packet) implements DecodeResult {
        public Accepted {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /**
     * The datagram was dropped.
     *
     * @param detail a human-readable explanation for the log; never contains key material
     */
    record Rejected(RejectReason reason, String detail) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
