package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCodecRoundTripTest {
    private final PacketCodec codec = new PacketCodec(Samples.KEY);

    static List<ClusterMessage> oneOfEachType() {
        return Samples.oneOfEachType();
    }

    @Test
    void everyMessageRecordHasAWireTag() {
        for (Class<?> type : Samples.messageRecords()) {
            assertTrue(Arrays.stream(MessageType.values()).anyMatch(t -> t.messageName().equals(type.getSimpleName())),
                    type + " has no MessageType");
        }
    }

    @Test
    void samplesCoverEveryMessageType() {
        Set<MessageType> covered = oneOfEachType().stream().map(MessageType::of).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(MessageType.class), covered);
    }

    /** Tags are protocol: a renumbering would silently break rolling upgrades, so they are pinned. */
    @Test
    void tagsAreStable() {
        Map<String, Integer> tags = Arrays.stream(MessageType.values())
                .collect(Collectors.toMap(MessageType::messageName, MessageType::tag));
        assertEquals(Map.of("Heartbeat", 1, "ViewProposal", 2, "ViewAck", 3, "ViewCommit", 4, "Leave", 5,
                "SetExpectedVotes", 6, "ConfigOffer", 7, "ConfigRequest", 8)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                        (a, b) -> a, java.util.HashMap::new)), withoutReplication(tags));
        assertEquals(Map.of("VoteRequest", 16, "VoteReply", 17, "AppendEntries", 18, "AppendReply", 19,
                "SnapshotChunk", 20, "SnapshotAck", 21, "ForwardedProposal", 22, "ProposalOutcome", 23,
                "ReadIndexRequest", 24, "ReadIndexReply", 25), onlyReplication(tags));
    }

    private static Map<String, Integer> withoutReplication(Map<String, Integer> tags) {
        return tags.entrySet().stream().filter(e -> e.getValue() < 16)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.HashMap::new));
    }

    private static Map<String, Integer> onlyReplication(Map<String, Integer> tags) {
        return tags.entrySet().stream().filter(e -> e.getValue() >= 16)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void everyMessageTypeRoundTrips(ClusterMessage message) {
        Packet packet = new Packet(12, 5, 77, message, 0x0001_8f00_0000_0003L);
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
    }

    @Test
    void configOfferWithMultiKilobyteNonAsciiTextRoundTrips() {
        assertTrue(Samples.NON_ASCII_CONF.getBytes(StandardCharsets.UTF_8).length > 8 * 1024);
        Packet packet = Samples.packet(new ConfigOffer(1, Samples.NON_ASCII_CONF));
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
    }

    @Test
    void heartbeatOfANodeWithoutViewRoundTrips() {
        Packet packet = Samples.packet(new Heartbeat(0, -1, 0, RingId.NONE, 0, List.of(), 0, 0));
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
    }

    @Test
    void extremeHeaderValuesRoundTrip() {
        Packet packet = new Packet(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, new Leave(), Long.MAX_VALUE);
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
    }

    @Test
    void decodesASliceOfALargerBuffer() {
        byte[] datagram = codec.encode(Samples.packet(Samples.HEARTBEAT));
        byte[] buffer = new byte[datagram.length + 20];
        Arrays.fill(buffer, (byte) 0x5A);
        System.arraycopy(datagram, 0, buffer, 11, datagram.length);
        assertEquals(new DecodeResult.Accepted(Samples.packet(Samples.HEARTBEAT)),
                codec.decode(buffer, 11, datagram.length));
    }

    @Test
    void encodingFollowsTheDocumentedLayout() {
        byte[] body = new RawPacket.Body().i32(2).i64(0x20).build(); // ViewAck: ring 2.20
        byte[] expected = RawPacket.of(0x03, body).signedWith(Samples.KEY);
        assertArrayEquals(expected, codec.encode(Samples.packet(new ClusterMessage.ViewAck(new RingId(2, 0x20)))));
    }

    @Test
    void emptyBodyGivesTheSmallestPacket() {
        assertEquals(PacketCodec.MIN_PACKET_BYTES, codec.encode(Samples.packet(new Leave())).length);
        assertEquals(68, PacketCodec.MIN_PACKET_BYTES);
    }

    @Test
    void aPacketOfExactlyTheMaximumSizeIsAccepted() {
        int textBytes = PacketCodec.MAX_PACKET_BYTES - PacketCodec.MIN_PACKET_BYTES - Long.BYTES - Integer.BYTES;
        Packet packet = Samples.packet(new ConfigOffer(3, "x".repeat(textBytes)));
        byte[] datagram = codec.encode(packet);
        assertEquals(PacketCodec.MAX_PACKET_BYTES, datagram.length);
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(datagram));
    }
}
