package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/**
 * Authentic packets (correct MAC) whose content breaks the format, as a buggy or skewed peer could
 * send them: each is MALFORMED with a detail that points at the fault.
 */
class PacketCodecMalformedBodyTest {
    private static final int HEARTBEAT = 0x01;
    private static final int VIEW_PROPOSAL = 0x02;
    private static final int VIEW_ACK = 0x03;
    private static final int LEAVE = 0x05;
    private static final int SET_EXPECTED_VOTES = 0x06;
    private static final int CONFIG_OFFER = 0x07;
    private static final int CONFIG_REQUEST = 0x08;

    private final PacketCodec codec = new PacketCodec(Samples.KEY);

    @Test
    void unknownTag() {
        assertMalformed(RawPacket.of(0x7F, new byte[0]), "unknown message tag 0x7f");
    }

    @Test
    void bodyLengthFieldDisagreesWithDatagram() {
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withBodyLengthField(4),
                "body length field says 4 bytes but 0 are present");
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withBodyLengthField(-1),
                "body length field says -1 bytes but 0 are present");
    }

    @Test
    void senderMustBePositive() {
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withSender(0), "field sender: node id must be positive, got 0");
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withSender(-3), "field sender: node id must be positive, got -3");
    }

    @Test
    void incarnationAndSequenceMustNotBeNegative() {
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withIncarnation(-1),
                "field incarnation: must not be negative, got -1");
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withPacketSeq(Long.MIN_VALUE),
                "field packetSeq: must not be negative, got " + Long.MIN_VALUE);
        assertMalformed(RawPacket.of(LEAVE, new byte[0]).withHlc(-5), "field hlc: must not be negative, got -5");
    }

    @Test
    void trailingBytesAfterTheMessage() {
        assertMalformed(RawPacket.of(LEAVE, new byte[] {0}), "bad Leave body: 1 trailing bytes");
        byte[] request = new RawPacket.Body().i64(3).i32(0).build();
        assertMalformed(RawPacket.of(CONFIG_REQUEST, request), "bad ConfigRequest body: 4 trailing bytes");
    }

    @Test
    void bodyEndingMidField() {
        assertMalformed(RawPacket.of(CONFIG_REQUEST, new byte[] {0, 0, 0}),
                "bad ConfigRequest body: field haveVersion: needs 8 bytes but only 3 remain");
    }

    @Test
    void negativeValues() {
        assertMalformed(RawPacket.of(SET_EXPECTED_VOTES, new RawPacket.Body().i32(-2).build()),
                "bad SetExpectedVotes body: field expectedVotes: must be positive, got -2");
        assertMalformed(RawPacket.of(SET_EXPECTED_VOTES, new RawPacket.Body().i32(0).build()),
                "bad SetExpectedVotes body: field expectedVotes: must be positive, got 0");
        assertMalformed(RawPacket.of(CONFIG_REQUEST, new RawPacket.Body().i64(-1).build()),
                "bad ConfigRequest body: field haveVersion: must not be negative, got -1");
    }

    @Test
    void ringsMustBeMintedByANodeOrBeNone() {
        assertMalformed(RawPacket.of(VIEW_ACK, new RawPacket.Body().i32(1).i64(-1).build()),
                "bad ViewAck body: field ring: ring sequence must not be negative, got -1");
        assertMalformed(RawPacket.of(VIEW_ACK, new RawPacket.Body().i32(0).i64(5).build()),
                "bad ViewAck body: field ring: ring representative must be a positive node id (or 0.0 for none), got 0.5");
    }

    @Test
    void listCountLargerThanRemainingBytesIsRefusedBeforeAllocating() {
        byte[] body = new RawPacket.Body().i32(1).i64(1).i32(Integer.MAX_VALUE).i32(1).build();
        assertMalformed(RawPacket.of(VIEW_PROPOSAL, body),
                "bad ViewProposal body: field members: length 2147483647 needs 8589934588 bytes but only 4 remain");
    }

    @Test
    void negativeListCount() {
        byte[] body = new RawPacket.Body().i32(1).i64(1).i32(-1).build();
        assertMalformed(RawPacket.of(VIEW_PROPOSAL, body), "bad ViewProposal body: field members: negative length -1");
    }

    @Test
    void nodeIdsMustBePositiveAndStrictlyAscending() {
        assertMalformed(RawPacket.of(VIEW_PROPOSAL, new RawPacket.Body().i32(1).i64(1).i32(2).i32(0).i32(1).build()),
                "bad ViewProposal body: field members: node id at index 0 must be positive, got 0");
        assertMalformed(RawPacket.of(VIEW_PROPOSAL, new RawPacket.Body().i32(1).i64(1).i32(2).i32(3).i32(2).build()),
                "bad ViewProposal body: field members: node ids must be strictly ascending, got 2 after 3");
        assertMalformed(RawPacket.of(VIEW_PROPOSAL, new RawPacket.Body().i32(1).i64(1).i32(2).i32(3).i32(3).build()),
                "bad ViewProposal body: field members: node ids must be strictly ascending, got 3 after 3");
    }

    @Test
    void heartbeatFieldsAreValidatedByName() {
        byte[] body = new RawPacket.Body().i64(1).i64(-1).i64(-5).build();
        assertMalformed(RawPacket.of(HEARTBEAT, body),
                "bad Heartbeat body: field echoHeldMs: must not be negative, got -5");
    }

    @Test
    void stringLengthLargerThanRemainingBytes() {
        byte[] body = new RawPacket.Body().i64(1).i32(10).bytes((byte) 'a').build();
        assertMalformed(RawPacket.of(CONFIG_OFFER, body),
                "bad ConfigOffer body: field corosyncConf: length 10 needs 10 bytes but only 1 remain");
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[][] invalid = {
            {(byte) 0xC0, (byte) 0xAF},               // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},  // encoded surrogate U+D800
            {(byte) 0xE6, (byte) 0x9D},               // truncated 3-byte sequence
            {(byte) 0xFF},                            // never valid
        };
        for (byte[] bytes : invalid) {
            byte[] body = new RawPacket.Body().i64(1).i32(bytes.length).bytes(bytes).build();
            assertMalformed(RawPacket.of(CONFIG_OFFER, body), "bad ConfigOffer body: field corosyncConf: invalid UTF-8");
        }
    }

    private void assertMalformed(RawPacket raw, String expectedDetail) {
        DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, codec.decode(raw.signedWith(Samples.KEY)));
        assertEquals(new DecodeResult.Rejected(RejectReason.MALFORMED, expectedDetail), rejected);
    }
}
