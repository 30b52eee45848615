package io.quorate.protocol;

import java.util.Objects;

/**
 * Turns {@link Packet}s into authenticated datagrams and back. Layout, big-endian:
 *
 * <pre>
 * magic "QR" (2) | protocol version (1) | message tag (1) | sender node id (int32, &gt; 0)
 * | incarnation (int64, &gt;= 0) | packet seq (int64, &gt;= 0) | hybrid clock (int64, &gt;= 0)
 * | body length (int32) | body
 * | HMAC-SHA256 (32) over everything before it
 * </pre>
 *
 * <p>Decoding checks, in this order: length bounds, magic, version, the MAC (in constant time), and
 * only then the header fields and the body, so nothing unauthenticated reaches the body parser.
 * Decoding never throws, whatever the input; it returns {@link DecodeResult.Rejected} instead.
 *
 * <p><b>Not thread-safe</b>: it holds a {@link javax.crypto.Mac}, which is not, and reuses one
 * encode buffer. A node uses its instance from its event-loop thread only.
 */
public final class PacketCodec {
    /** 2: the header carries the sender's hybrid logical clock. */
    public static final int PROTOCOL_VERSION = 2;
    public static final int MAX_PACKET_BYTES = 32 * 1024;
    /**
     * Largest frame on the stream link: a 1 MiB file plus its framing in one log entry, with room
     * for a batch of smaller entries.
     */
    public static final int MAX_STREAM_FRAME_BYTES = 4 * 1024 * 1024;
    static final byte[] MAGIC = {'Q', 'R'};
    /**
     * Stream frames start with "QS": a datagram cannot be replayed onto the stream link as a frame,
     * nor a frame sent as a datagram, although both are signed with the same authkey.
     */
    static final byte[] STREAM_MAGIC = {'Q', 'S'};
    /** Magic and version: all that is read before the MAC is checked. */
    static final int PREFIX_BYTES = MAGIC.length + 1;
    static final int HEADER_BYTES = PREFIX_BYTES + 1 + Integer.BYTES + Long.BYTES + Long.BYTES + Long.BYTES + Integer.BYTES;
    static final int MAC_BYTES = MessageAuthenticator.MAC_BYTES;
    static final int MIN_PACKET_BYTES = HEADER_BYTES + MAC_BYTES;

    private static final WireField<Integer> SENDER = WireField.int32("sender", WireRules::nodeId);
    private static final WireField<Long> INCARNATION = WireField.int64("incarnation", WireRules::nonNegative);
    private static final WireField<Long> PACKET_SEQ = WireField.int64("packetSeq", WireRules::nonNegative);
    private static final WireField<Long> HLC = WireField.int64("hlc", WireRules::nonNegative);

    private final MessageAuthenticator authenticator;
    private final WireWriter writer = new WireWriter();
    private final int maxBytes;
    private final byte[] magic;

    /**
     * @param authkey the cluster's shared secret (the {@code authkey} file), at least 16 bytes;
     *                copied, and never printed
     */
    public PacketCodec(byte[] authkey) {
        this(authkey, MAX_PACKET_BYTES, MAGIC);
    }

    private PacketCodec(byte[] authkey, int maxBytes, byte[] magic) {
        this.authenticator = new MessageAuthenticator(authkey);
        this.maxBytes = maxBytes;
        this.magic = magic;
    }

    /** A codec for frames of the stream link (TCP), which may be up to {@link #MAX_STREAM_FRAME_BYTES}. */
    public static PacketCodec forStreams(byte[] authkey) {
        return new PacketCodec(authkey, MAX_STREAM_FRAME_BYTES, STREAM_MAGIC);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * @throws IllegalArgumentException if the packet breaks a rule every receiver enforces (negative
     *         incarnation or sequence, unsorted node ids, a lone surrogate, ...) or would exceed
     *         {@link #MAX_PACKET_BYTES}: a bug in the sender, so nothing half-valid goes out
     */
    public byte[] encode(Packet packet) {
        Objects.requireNonNull(packet, "packet");
        MessageType type = MessageType.of(packet.message());
        try {
            int signedLength = layOut(packet, type);
            if (signedLength + MAC_BYTES > maxBytes) {
                throw new IllegalArgumentException("packet of " + (signedLength + MAC_BYTES)
                        + " bytes exceeds the maximum of " + maxBytes);
            }
            byte[] datagram = writer.copyWithRoomFor(MAC_BYTES);
            authenticator.sign(datagram, 0, signedLength, datagram, signedLength);
            return datagram;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot encode " + type.messageName() + ": " + e.getMessage(), e);
        }
    }

    /** Writes everything but the MAC into the writer; returns its length. */
    private int layOut(Packet packet, MessageType type) {
        writer.reset();
        writer.bytes(magic);
        writer.int8(PROTOCOL_VERSION);
        writer.int8(type.tag());
        SENDER.write(writer, packet.senderId());
        INCARNATION.write(writer, packet.incarnation());
        PACKET_SEQ.write(writer, packet.packetSeq());
        HLC.write(writer, packet.hlc());
        int bodyLengthAt = writer.position();
        writer.int32(0); // patched once the body is written
        type.writeBody(packet.message(), writer);
        writer.patchInt32(bodyLengthAt, writer.position() - HEADER_BYTES);
        return writer.position();
    }

    public DecodeResult decode(byte[] data) {
        return data == null ? invalidSlice() : decode(data, 0, data.length);
    }

    /** Decodes {@code data[offset, offset+length)}. Never throws, whatever the arguments. */
    public DecodeResult decode(byte[] data, int offset, int length) {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return invalidSlice();
        }
        try {
            return check(data, offset, length);
        } catch (RuntimeException e) {
            // defence in depth only: the parser reports every problem it knows as MalformedPacketException
            return rejected(RejectReason.MALFORMED, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private DecodeResult check(byte[] data, int offset, int length) {
        if (length < MIN_PACKET_BYTES) {
            return rejected(RejectReason.TOO_SHORT, length + " bytes; the smallest packet is " + MIN_PACKET_BYTES);
        }
        if (length > maxBytes) {
            return rejected(RejectReason.TOO_LARGE, length + " bytes; the largest packet is " + maxBytes);
        }
        if (data[offset] != magic[0] || data[offset + 1] != magic[1]) {
            return rejected(RejectReason.BAD_MAGIC, String.format("starts with 0x%02x%02x, not \"%c%c\"",
                    data[offset] & 0xff, data[offset + 1] & 0xff, (char) magic[0], (char) magic[1]));
        }
        int version = data[offset + PREFIX_BYTES - 1] & 0xff;
        if (version != PROTOCOL_VERSION) {
            return rejected(RejectReason.WRONG_VERSION, "peer speaks protocol " + version + ", we speak " + PROTOCOL_VERSION);
        }
        int signedLength = length - MAC_BYTES;
        if (!authenticator.verify(data, offset, signedLength, offset + signedLength)) {
            return rejected(RejectReason.BAD_MAC, "HMAC-SHA256 does not match: forged, corrupted, or another cluster's authkey");
        }
        try {
            return new DecodeResult.Accepted(parseSigned(new WireReader(data, offset + PREFIX_BYTES, signedLength - PREFIX_BYTES)));
        } catch (MalformedPacketException e) {
            return rejected(RejectReason.MALFORMED, e.getMessage());
        }
    }

    /** Parses the authenticated rest of a packet after its (already checked) magic and version. */
    private static Packet parseSigned(WireReader in) throws MalformedPacketException {
        int tag = in.uint8("tag");
        int sender = SENDER.read(in);
        long incarnation = INCARNATION.read(in);
        long packetSeq = PACKET_SEQ.read(in);
        long hlc = HLC.read(in);
        int bodyLength = in.int32("body length");
        if (bodyLength != in.remaining()) {
            throw new MalformedPacketException(
                    "body length field says " + bodyLength + " bytes but " + in.remaining() + " are present");
        }
        MessageType type = MessageType.ofTag(tag)
                .orElseThrow(() -> new MalformedPacketException(String.format("unknown message tag 0x%02x", tag)));
        return new Packet(sender, incarnation, packetSeq, type.readBody(in), hlc);
    }

    private static DecodeResult invalidSlice() {
        return rejected(RejectReason.MALFORMED, "no datagram: null buffer or offset/length outside it");
    }

    private static DecodeResult rejected(RejectReason reason, String detail) {
        return new DecodeResult.Rejected(reason, detail);
    }

    @Override
    public String toString() {
        return "PacketCodec[protocol " + PROTOCOL_VERSION + ", " + MessageAuthenticator.ALGORITHM + "]";
    }
}
