package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Datagrams that fail before or at authentication: dropped with the right reason, never thrown. */
class PacketCodecRejectionTest {
    private final PacketCodec codec = new PacketCodec(Samples.KEY);
    private final byte[] valid = codec.encode(Samples.packet(Samples.HEARTBEAT));

    @Test
    void everySingleBitFlipIsRejectedAtOrBeforeTheMacCheck() {
        Set<RejectReason> allowed = EnumSet.of(RejectReason.BAD_MAGIC, RejectReason.WRONG_VERSION, RejectReason.BAD_MAC);
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] flipped = valid.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            RejectReason reason = rejectionOf(flipped).reason();
            assertTrue(allowed.contains(reason), "bit " + bit + " gave " + reason);
        }
    }

    @Test
    void packetSignedWithAnotherKeyIsBadMac() {
        byte[] forged = new PacketCodec(Samples.authkey(2)).encode(Samples.packet(Samples.HEARTBEAT));
        assertEquals(RejectReason.BAD_MAC, rejectionOf(forged).reason());
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < valid.length; length++) {
            RejectReason reason = rejectionOf(Arrays.copyOf(valid, length)).reason();
            RejectReason expected = length < PacketCodec.MIN_PACKET_BYTES ? RejectReason.TOO_SHORT : RejectReason.BAD_MAC;
            assertEquals(expected, reason, "truncated to " + length + " bytes");
        }
    }

    @Test
    void oversizedDatagramIsTooLarge() {
        byte[] oversized = Arrays.copyOf(valid, PacketCodec.MAX_PACKET_BYTES + 1);
        assertEquals(RejectReason.TOO_LARGE, rejectionOf(oversized).reason());
    }

    /** Same authkey, other transport: a captured datagram is no stream frame, and the other way round. */
    @Test
    void datagramsAndStreamFramesCannotBeReplayedOntoEachOther() {
        PacketCodec stream = PacketCodec.forStreams(Samples.KEY);
        assertEquals(RejectReason.BAD_MAGIC, ((DecodeResult.Rejected) stream.decode(valid)).reason());
        byte[] frame = stream.encode(Samples.packet(Samples.HEARTBEAT));
        assertEquals(RejectReason.BAD_MAGIC, rejectionOf(frame).reason());
        assertInstanceOf(DecodeResult.Accepted.class, stream.decode(frame));
    }

    @Test
    void foreignTrafficIsBadMagic() {
        byte[] notOurs = valid.clone();
        notOurs[0] = 'X';
        assertEquals(RejectReason.BAD_MAGIC, rejectionOf(notOurs).reason());
    }

    @Test
    void newerProtocolVersionIsNamedInTheDetail() {
        byte[] fromTheFuture = RawPacket.of(0x05, new byte[0]).withVersion(3).signedWith(Samples.KEY);
        DecodeResult.Rejected rejected = rejectionOf(fromTheFuture);
        assertEquals(RejectReason.WRONG_VERSION, rejected.reason());
        assertEquals("peer speaks protocol 3, we speak 2", rejected.detail());
        // a node of the first protocol (no hybrid clock in the header) is refused by name, not misparsed
        assertEquals("peer speaks protocol 1, we speak 2",
                rejectionOf(RawPacket.of(0x05, new byte[0]).withVersion(1).signedWith(Samples.KEY)).detail());
    }

    @Test
    void appendedBytesBreakTheMac() {
        assertEquals(RejectReason.BAD_MAC, rejectionOf(Arrays.copyOf(valid, valid.length + 1)).reason());
    }

    @Test
    void invalidSlicesAndNullAreRejectedNotThrown() {
        assertEquals(RejectReason.MALFORMED, rejectionOf(null).reason());
        for (int[] slice : new int[][] {{-1, 10}, {0, -1}, {1, valid.length}, {valid.length + 1, 0},
                {Integer.MAX_VALUE, Integer.MAX_VALUE}}) {
            DecodeResult result = codec.decode(valid, slice[0], slice[1]);
            assertEquals(RejectReason.MALFORMED, assertInstanceOf(DecodeResult.Rejected.class, result).reason());
        }
    }

    @Test
    void replayedDatagramStillDecodesSoTheReplayWindowCanCountIt() {
        // The codec is stateless about sequence numbers; ReplayWindow judges replays after decoding.
        assertEquals(codec.decode(valid), codec.decode(valid));
    }

    @Test
    void rejectReasonsHaveMetricFriendlyLabels() {
        assertEquals("bad_mac", RejectReason.BAD_MAC.label());
        assertEquals("unknown_sender", RejectReason.UNKNOWN_SENDER.label());
        for (RejectReason reason : RejectReason.values()) {
            assertTrue(reason.label().matches("[a-z_]+"), reason.label());
        }
    }

    private DecodeResult.Rejected rejectionOf(byte[] datagram) {
        return assertInstanceOf(DecodeResult.Rejected.class, codec.decode(datagram));
    }
}
