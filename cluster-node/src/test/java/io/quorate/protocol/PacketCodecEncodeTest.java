package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authkey is handled safely, and the sender refuses to build packets every receiver would drop. */
class PacketCodecEncodeTest {
    private final PacketCodec codec = new PacketCodec(Samples.KEY);

    @Test
    void authkeyShorterThan16BytesIsRefusedWithoutEchoingIt() {
        byte[] shortKey = "secret-15-bytes".getBytes();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new PacketCodec(shortKey));
        assertEquals("authkey must be at least 16 bytes, got 15", error.getMessage());
    }

    @Test
    void toStringNeverShowsTheKey() {
        String shown = codec.toString();
        assertFalse(shown.contains(HexFormat.of().formatHex(Samples.KEY, 0, 4)), shown);
        assertFalse(shown.contains(Arrays.toString(Samples.KEY).substring(1, 10)), shown);
        assertEquals("PacketCodec[protocol 2, HmacSHA256]", shown);
    }

    @Test
    void keyIsCopiedSoLaterChangesToTheCallersArrayDoNotMatter() {
        byte[] key = Samples.authkey(4);
        PacketCodec sender = new PacketCodec(key);
        Arrays.fill(key, (byte) 0);
        byte[] datagram = sender.encode(Samples.packet(new Leave()));
        assertEquals(new DecodeResult.Accepted(Samples.packet(new Leave())),
                new PacketCodec(Samples.authkey(4)).decode(datagram));
    }

    @Test
    void refusesUnsortedOrDuplicateNodeIds() {
        Packet unsorted = Samples.packet(new ViewCommit(new RingId(1, 2), List.of(1, 3, 2)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> codec.encode(unsorted));
        assertEquals("cannot encode ViewCommit: field members: node ids must be strictly ascending, got 2 after 3",
                error.getMessage());
    }

    @Test
    void refusesNegativeCountersAndSequences() {
        Packet negativeHeld = Samples.packet(new Heartbeat(0, -1, -1, RingId.NONE, 0, List.of(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(negativeHeld));
        Packet negativeSeq = new Packet(1, 0, -1, new Leave());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> codec.encode(negativeSeq));
        assertEquals("cannot encode Leave: field packetSeq: must not be negative, got -1", error.getMessage());
    }

    @Test
    void refusesToAskForZeroExpectedVotes() {
        Packet zero = Samples.packet(new ClusterMessage.SetExpectedVotes(0));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> codec.encode(zero));
        assertEquals("cannot encode SetExpectedVotes: field expectedVotes: must be positive, got 0", error.getMessage());
    }

    @Test
    void refusesTextThatIsNotValidUnicode() {
        Packet loneSurrogate = Samples.packet(new ConfigOffer(1, "a\uD800b"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> codec.encode(loneSurrogate));
        assertEquals("cannot encode ConfigOffer: field corosyncConf: not valid Unicode (unpaired surrogate?)",
                error.getMessage());
    }

    @Test
    void refusesPacketsLargerThanTheMaximum() {
        int oneTooMany = PacketCodec.MAX_PACKET_BYTES - PacketCodec.MIN_PACKET_BYTES - Long.BYTES - Integer.BYTES + 1;
        Packet oversized = Samples.packet(new ConfigOffer(1, "x".repeat(oneTooMany)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> codec.encode(oversized));
        assertEquals("cannot encode ConfigOffer: packet of 32769 bytes exceeds the maximum of 32768", error.getMessage());
    }
}
