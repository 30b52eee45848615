package io.quorate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.protocol.ClusterMessage.AppendEntries;
import io.quorate.protocol.ClusterMessage.AppendReply;
import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ForwardedProposal;
import io.quorate.protocol.ClusterMessage.ProposalOutcome;
import io.quorate.protocol.ClusterMessage.ReadIndexReply;
import io.quorate.protocol.ClusterMessage.ReadIndexRequest;
import io.quorate.protocol.ClusterMessage.SnapshotAck;
import io.quorate.protocol.ClusterMessage.SnapshotChunk;
import io.quorate.protocol.ClusterMessage.VoteReply;
import io.quorate.protocol.ClusterMessage.VoteRequest;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic, seeded fuzzing of {@link PacketCodec}: every run generates the same inputs, and a
 * failure names the seed and case index to replay (see {@link Fuzz}). Each test runs once per seed.
 */
class PacketCodecFuzzTest {
    private static final Set<RejectReason> UNAUTHENTICATED_REASONS = EnumSet.of(RejectReason.TOO_SHORT,
            RejectReason.TOO_LARGE, RejectReason.BAD_MAGIC, RejectReason.WRONG_VERSION, RejectReason.BAD_MAC);

    private final PacketCodec codec = new PacketCodec(Samples.KEY);

    /** Noise off the wire: rejected for size, magic, version or MAC, never thrown. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1001L, 1002L})
    void arbitraryBytesAreRejectedUnauthenticated(long seed) {
        Fuzz.run("arbitraryBytesAreRejectedUnauthenticated", seed, 500, this::noise, data -> Fuzz.hex(data, 64),
                data -> {
                    DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, codec.decode(data));
                    assertTrue(UNAUTHENTICATED_REASONS.contains(rejected.reason()), rejected::toString);
                });
    }

    /** A valid datagram with bytes flipped, cut, inserted or appended, not re-signed: never accepted. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {2001L, 2002L})
    void tamperedDatagramsAreRejectedUnauthenticated(long seed) {
        Fuzz.run("tamperedDatagramsAreRejectedUnauthenticated", seed, 500,
                random -> mutate(random, codec.encode(packet(random))), data -> Fuzz.hex(data, 300),
                data -> {
                    DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, codec.decode(data));
                    assertTrue(UNAUTHENTICATED_REASONS.contains(rejected.reason()), rejected::toString);
                });
    }

    private enum Outcome { ACCEPTED, MALFORMED }

    /** Authenticated garbage reaches the body parser: it decodes or is MALFORMED, and never throws. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3001L, 3002L})
    void authenticBodiesDecodeOrAreMalformed(long seed) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        int cases = 1000;
        int ran = Fuzz.run("authenticBodiesDecodeOrAreMalformed", seed, cases, this::authenticDatagram,
                datagram -> Fuzz.hex(datagram, 300), datagram -> {
                    DecodeResult result = codec.decode(datagram);
                    if (result instanceof DecodeResult.Rejected rejected) {
                        assertEquals(RejectReason.MALFORMED, rejected.reason(), rejected.detail());
                        outcomes.merge(Outcome.MALFORMED, 1, Integer::sum);
                    } else {
                        // the format is canonical: whatever decodes re-encodes to the very same bytes
                        assertArrayEquals(datagram, codec.encode(((DecodeResult.Accepted) result).packet()));
                        outcomes.merge(Outcome.ACCEPTED, 1, Integer::sum);
                    }
                });
        if (ran == cases) {
            // the generator must keep reaching deep into the parser, not just fail at the first field
            int accepted = outcomes.getOrDefault(Outcome.ACCEPTED, 0);
            int malformed = outcomes.getOrDefault(Outcome.MALFORMED, 0);
            assertTrue(accepted * 100 > cases * 5, "seed " + seed + ": only " + accepted + " of " + cases + " accepted");
            assertTrue(malformed * 100 > cases * 20, "seed " + seed + ": only " + malformed + " of " + cases + " malformed");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4001L, 4002L})
    void validPacketsRoundTrip(long seed) {
        Set<Class<?>> seen = new HashSet<>();
        int cases = 500;
        int ran = Fuzz.run("validPacketsRoundTrip", seed, cases, this::packet, Packet::toString, packet -> {
            assertEquals(new DecodeResult.Accepted(packet), codec.decode(codec.encode(packet)));
            seen.add(packet.message().getClass());
        });
        if (ran == cases) {
            // a new message type needs a generator here before it is fuzzed
            assertEquals(Samples.messageRecords(), seen, "message types generated");
        }
    }

    // ---- generators ----

    /** Half: any bytes, up to 40 000 (beyond the largest packet); half: our preamble and a short tail. */
    private byte[] noise(Random random) {
        if (Fuzz.chance(random, 1, 2)) {
            return Fuzz.bytes(random, 0, 40_000);
        }
        return concat(new byte[] {'Q', 'R', PacketCodec.PROTOCOL_VERSION}, Fuzz.bytes(random, 0, 300));
    }

    /** A correct header and MAC around a random body, or around a mutated valid body. */
    private byte[] authenticDatagram(Random random) {
        int tag;
        byte[] body;
        if (Fuzz.chance(random, 1, 2)) {
            tag = Fuzz.chance(random, 4, 5) ? random.nextInt(1, MessageType.values().length + 1) : random.nextInt(256);
            body = Fuzz.bytes(random, 0, 200);
        } else {
            Packet packet = packet(random);
            tag = MessageType.of(packet.message()).tag();
            body = mutateBody(random, bodyOf(packet));
        }
        RawPacket raw = RawPacket.of(tag, body).withSender(sender(random));
        // mostly valid so the body parser is reached; sometimes not, to cover the header checks
        if (Fuzz.chance(random, 1, 20)) {
            raw = raw.withIncarnation(Fuzz.longBetween(random, Long.MIN_VALUE, -1));
        }
        if (Fuzz.chance(random, 1, 20)) {
            raw = raw.withPacketSeq(Fuzz.longBetween(random, Long.MIN_VALUE, -1));
        }
        if (Fuzz.chance(random, 1, 20)) {
            raw = raw.withBodyLengthField(body.length + random.nextInt(-4, 5));
        }
        return raw.signedWith(Samples.KEY);
    }

    private static int sender(Random random) {
        return Fuzz.chance(random, 9, 10) ? random.nextInt(1, 1001) : Fuzz.intBetween(random, Integer.MIN_VALUE, 0);
    }

    /**
     * Mostly overwrites a few bytes and keeps the length, so the parser meets the damage rather than
     * a short read; otherwise also cuts, extends, or inserts bytes.
     */
    private static byte[] mutateBody(Random random, byte[] body) {
        byte[] mutated = body;
        int overwrites = random.nextInt(4);
        for (int i = 0; i < overwrites && mutated.length > 0; i++) {
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        if (Fuzz.chance(random, 1, 4)) {
            int lengthChange = random.nextInt(-8, 9);
            if (Fuzz.chance(random, 1, 2) || lengthChange <= 0) {
                mutated = Arrays.copyOf(mutated, Math.max(0, mutated.length + lengthChange)); // cut or pad
            } else {
                mutated = insert(mutated, random.nextInt(mutated.length + 1), Fuzz.bytes(random, lengthChange, lengthChange));
            }
        }
        return mutated;
    }

    /** One to three edits of a whole datagram, each certain to change it, so its MAC no longer holds. */
    private static byte[] mutate(Random random, byte[] datagram) {
        byte[] mutated = datagram.clone();
        int edits = random.nextInt(1, 4);
        for (int i = 0; i < edits; i++) {
            int edit = random.nextInt(4);
            if (edit == 0) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            } else if (edit == 1) {
                mutated[random.nextInt(mutated.length)] ^= (byte) random.nextInt(1, 256);
            } else if (edit == 2 && mutated.length > 1) {
                // mostly trim a little off the end (into the MAC); sometimes cut deep into the header
                int keep = Fuzz.chance(random, 3, 4) ? mutated.length - random.nextInt(1, Math.min(mutated.length, 40))
                        : random.nextInt(1, mutated.length);
                mutated = Arrays.copyOf(mutated, keep);
            } else {
                mutated = insert(mutated, random.nextInt(mutated.length + 1), Fuzz.bytes(random, 1, 16));
            }
        }
        // two edits may cancel out (the same bit flipped twice): undo that by one more flip
        if (Arrays.equals(mutated, datagram)) {
            mutated[random.nextInt(mutated.length)] ^= 1;
        }
        return mutated;
    }

    private Packet packet(Random random) {
        return new Packet(Fuzz.intAtLeast(random, 1), Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0),
                message(random));
    }

    private static ClusterMessage message(Random random) {
        return switch (random.nextInt(18)) {
            case 0 -> new Heartbeat(Fuzz.anyLong(random), Fuzz.anyLong(random), Fuzz.longAtLeast(random, 0),
                    ring(random), Fuzz.longAtLeast(random, 0), nodeIds(random), Fuzz.longAtLeast(random, 0),
                    Fuzz.intAtLeast(random, 0));
            case 1 -> new ViewProposal(ring(random), nodeIds(random));
            case 2 -> new ViewAck(ring(random));
            case 3 -> new ViewCommit(ring(random), nodeIds(random));
            case 4 -> new Leave();
            case 5 -> new SetExpectedVotes(Fuzz.intAtLeast(random, 1));
            case 6 -> new ConfigOffer(Fuzz.longAtLeast(random, 0), unicodeText(random));
            case 7 -> new ConfigRequest(Fuzz.longAtLeast(random, 0));
            case 8 -> new VoteRequest(Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0),
                    random.nextBoolean());
            case 9 -> new VoteReply(Fuzz.longAtLeast(random, 0), random.nextBoolean(), random.nextBoolean());
            case 10 -> appendEntries(random);
            case 11 -> new AppendReply(Fuzz.longAtLeast(random, 0), random.nextBoolean(), Fuzz.longAtLeast(random, 0),
                    Fuzz.longAtLeast(random, 0));
            case 12 -> {
                Blob data = Blob.wrap(Fuzz.bytes(random, 0, 300));
                long offset = random.nextInt(1000);
                yield new SnapshotChunk(Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0),
                        offset, offset + data.size() + random.nextInt(1000), data);
            }
            case 13 -> new SnapshotAck(Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0));
            case 14 -> new ForwardedProposal(Fuzz.longAtLeast(random, 0), Fuzz.anyLong(random), Blob.wrap(Fuzz.bytes(random, 0, 300)));
            case 15 -> new ProposalOutcome(Fuzz.longAtLeast(random, 0), Fuzz.anyLong(random), Fuzz.intAtLeast(random, 0),
                    Fuzz.longAtLeast(random, 0), unicodeText(random));
            case 16 -> new ReadIndexRequest(Fuzz.longAtLeast(random, 0), Fuzz.anyLong(random));
            default -> new ReadIndexReply(Fuzz.longAtLeast(random, 0), Fuzz.anyLong(random), Fuzz.longAtLeast(random, -1));
        };
    }

    /** Up to 8 consecutive entries after a random previous index, terms not falling. */
    private static AppendEntries appendEntries(Random random) {
        long prevIndex = random.nextInt(1 << 20);
        long term = random.nextInt(1000);
        List<LogEntry> entries = new java.util.ArrayList<>();
        for (int i = 0, n = random.nextInt(9); i < n; i++) {
            term += random.nextInt(2);
            entries.add(new LogEntry(term, prevIndex + 1 + i, Blob.wrap(Fuzz.bytes(random, 0, 200))));
        }
        return new AppendEntries(term + random.nextInt(3), prevIndex, Fuzz.longAtLeast(random, 0), Fuzz.longAtLeast(random, 0),
                Fuzz.longAtLeast(random, 0), entries);
    }

    private static RingId ring(Random random) {
        return Fuzz.chance(random, 1, 6) ? RingId.NONE
                : new RingId(Fuzz.intAtLeast(random, 1), Fuzz.longAtLeast(random, 0));
    }

    /** A set of positive node ids, sorted ascending, up to 32 of them. */
    private static List<Integer> nodeIds(Random random) {
        int size = random.nextInt(33);
        TreeSet<Integer> ids = new TreeSet<>();
        while (ids.size() < size) {
            ids.add(Fuzz.intAtLeast(random, 1));
        }
        return List.copyOf(ids);
    }

    /** Up to 1500 Unicode scalar values (no surrogate code points): ASCII, the BMP, or any plane. */
    private static String unicodeText(Random random) {
        int maxCodePoint = switch (random.nextInt(3)) {
            case 0 -> 0x7f;
            case 1 -> 0xffff;
            default -> Character.MAX_CODE_POINT;
        };
        int[] codePoints = new int[random.nextInt(1501)];
        for (int i = 0; i < codePoints.length; i++) {
            int codePoint;
            do {
                codePoint = random.nextInt(maxCodePoint + 1);
            } while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
            codePoints[i] = codePoint;
        }
        return new String(codePoints, 0, codePoints.length);
    }

    private byte[] bodyOf(Packet packet) {
        byte[] datagram = codec.encode(packet);
        return Arrays.copyOfRange(datagram, PacketCodec.HEADER_BYTES, datagram.length - PacketCodec.MAC_BYTES);
    }

    private static byte[] insert(byte[] into, int at, byte[] inserted) {
        byte[] joined = new byte[into.length + inserted.length];
        System.arraycopy(into, 0, joined, 0, at);
        System.arraycopy(inserted, 0, joined, at, inserted.length);
        System.arraycopy(into, at, joined, at + inserted.length, into.length - at);
        return joined;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return insert(first, first.length, second);
    }
}
