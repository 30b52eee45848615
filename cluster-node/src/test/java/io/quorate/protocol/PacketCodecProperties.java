package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class PacketCodecProperties {
    private static final Set<RejectReason> UNAUTHENTICATED_REASONS = EnumSet.of(RejectReason.TOO_SHORT,
            RejectReason.TOO_LARGE, RejectReason.BAD_MAGIC, RejectReason.WRONG_VERSION, RejectReason.BAD_MAC);

    private final PacketCodec codec = new PacketCodec(Samples.KEY);

    /** Noise off the wire: rejected for size, magic, version or MAC, never thrown. */
    @Property(tries = 1000)
    void arbitraryBytesNeverThrow(@ForAll("noise") byte[] data) {
        DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, codec.decode(data));
        assertTrue(UNAUTHENTICATED_REASONS.contains(rejected.reason()), rejected::toString);
    }

    /** Authenticated garbage reaches the body parser: it decodes or is MALFORMED, and never throws. */
    @Property(tries = 2000)
    void authenticBodiesDecodeOrAreMalformed(@ForAll("authenticDatagrams") byte[] datagram) {
        DecodeResult result = codec.decode(datagram);
        Statistics.label("outcome").collect(result instanceof DecodeResult.Accepted ? "accepted" : "malformed")
                .coverage(coverage -> {
                    // the generator must keep reaching deep into the parser, not just fail at the first field
                    coverage.check("accepted").percentage(percent -> percent > 5);
                    coverage.check("malformed").percentage(percent -> percent > 20);
                });
        if (result instanceof DecodeResult.Rejected rejected) {
            assertEquals(RejectReason.MALFORMED, rejected.reason(), rejected.detail());
        } else {
            // the format is canonical: whatever decodes re-encodes to the very same bytes
            assertArrayEquals(datagram, codec.encode(((DecodeResult.Accepted) result).packet()));
        }
    }

    @Property(tries = 1000)
    void validPacketsRoundTrip(@ForAll("packets") Packet packet) {
        assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40_000)
                .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<byte[]> withOurPreamble = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(tail -> concat(new byte[] {'Q', 'R', PacketCodec.PROTOCOL_VERSION}, tail));
        return Arbitraries.oneOf(anyBytes, withOurPreamble);
    }

    @Provide
    Arbitrary<byte[]> authenticDatagrams() {
        Arbitrary<Tuple.Tuple2<Integer, byte[]>> randomBodies = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(1, MessageType.values().length)),
                        Tuple.of(1, Arbitraries.integers().between(0, 255))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200)).as(Tuple::of);
        Arbitrary<Tuple.Tuple2<Integer, byte[]>> mutatedValidBodies = Combinators.combine(
                packets(), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(3),
                Arbitraries.bytes().list().ofMaxSize(3), lengthChanges())
                .as((packet, positions, values, lengthChange) -> Tuple.of(
                        MessageType.of(packet.message()).tag(),
                        mutate(bodyOf(packet), positions, values, lengthChange)));
        return Combinators.combine(Arbitraries.oneOf(randomBodies, mutatedValidBodies), senders())
                .as((tagged, sender) -> RawPacket.of(tagged.get1(), tagged.get2()).withSender(sender)
                        .signedWith(Samples.KEY));
    }

    /** Mostly keep the length, so overwritten bytes are met by the parser rather than a short read. */
    private static Arbitrary<Integer> lengthChanges() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(-8, 8)));
    }

    /** Mostly valid so the body parser is reached; sometimes not, to cover the header checks. */
    private static Arbitrary<Integer> senders() {
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.integers().between(1, 1000)),
                Tuple.of(1, Arbitraries.integers().between(Integer.MIN_VALUE, 0)));
    }

    @Provide
    Arbitrary<Packet> packets() {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(1), Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.longs().greaterOrEqual(0), messages())
                .as(Packet::new);
    }

    private Arbitrary<ClusterMessage> messages() {
        Arbitrary<Long> nonNegative = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Integer> votes = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Integer> requestedVotes = Arbitraries.integers().greaterOrEqual(1);
        Arbitrary<Heartbeat> heartbeats = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), nonNegative,
                        rings(), nonNegative, nodeIds(), nonNegative, votes)
                .as(Heartbeat::new);
        return Arbitraries.oneOf(
                heartbeats,
                Combinators.combine(rings(), nodeIds()).as(ViewProposal::new),
                rings().map(ViewAck::new),
                Combinators.combine(rings(), nodeIds()).as(ViewCommit::new),
                Arbitraries.just(new Leave()),
                requestedVotes.map(SetExpectedVotes::new),
                Combinators.combine(nonNegative, unicodeText()).as(ConfigOffer::new),
                nonNegative.map(ConfigRequest::new));
    }

    private Arbitrary<RingId> rings() {
        Arbitrary<RingId> minted = Combinators.combine(Arbitraries.integers().greaterOrEqual(1),
                Arbitraries.longs().greaterOrEqual(0)).as(RingId::new);
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(RingId.NONE)), Tuple.of(5, minted));
    }

    private Arbitrary<List<Integer>> nodeIds() {
        return Arbitraries.integers().greaterOrEqual(1).set().ofMaxSize(32)
                .map(ids -> ids.stream().sorted().toList());
    }

    /** Any Unicode scalar values, supplementary planes included (surrogate code points excluded). */
    private Arbitrary<String> unicodeText() {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list().ofMaxSize(1500)
                .map(codePoints -> new String(codePoints.stream().mapToInt(Integer::intValue).toArray(), 0, codePoints.size()));
    }

    private byte[] bodyOf(Packet packet) {
        byte[] datagram = codec.encode(packet);
        return Arrays.copyOfRange(datagram, PacketCodec.HEADER_BYTES, datagram.length - PacketCodec.MAC_BYTES);
    }

    /** Overwrites a few bytes, then cuts or extends the end, keeping most of the valid structure. */
    private static byte[] mutate(byte[] body, List<Integer> positions, List<Byte> values, int lengthChange) {
        byte[] mutated = Arrays.copyOf(body, Math.max(0, body.length + lengthChange));
        for (int i = 0; i < Math.min(positions.size(), values.size()) && mutated.length > 0; i++) {
            mutated[positions.get(i) % mutated.length] = values.get(i);
        }
        return mutated;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
