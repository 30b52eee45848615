package io.quorate.protocol;

import java.util.Locale;

/** Why a datagram was dropped. Each reason is one label value of the rejected-packets counter. */
public enum RejectReason {
    /** Shorter than a header plus a MAC: cannot be a packet at all. */
    TOO_SHORT,
    /** Longer than {@link PacketCodec#MAX_PACKET_BYTES}. */
    TOO_LARGE,
    /** Does not start with the Quorate magic: some other protocol or noise. */
    BAD_MAGIC,
    /** A Quorate packet of a protocol version this node does not speak. */
    WRONG_VERSION,
    /** Forged, corrupted, or signed with another cluster's authkey. */
    BAD_MAC,
    /** Correctly signed but not well formed: a bug or an incompatible build, never a forgery. */
    MALFORMED,
    /** Authentic but seen before, or too old for the replay window. */
    REPLAYED,
    /** Authentic but from a node id that is not in this node's nodelist. */
    UNKNOWN_SENDER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The metric-friendly lowercase name, e.g. {@code bad_mac}. */
    public String label() {
        return label;
    }
}
