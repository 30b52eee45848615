package io.quorate.runtime.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quorate.protocol.Blob;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.ClusterMessage.AppendEntries;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.DecodeResult;
import io.quorate.protocol.LogEntry;
import io.quorate.protocol.Packet;
import io.quorate.protocol.PacketCodec;
import io.quorate.protocol.RejectReason;
import io.quorate.protocol.RingId;
import io.quorate.runtime.FreePorts;
import io.quorate.runtime.HostPort;
import io.vertx.core.Vertx;

/** Two or three real links on 127.0.0.1, plus raw sockets playing misbehaving nodes. */
class StreamLinkTest {
    private static final byte[] KEY = authkey(1);
    private static final byte[] OTHER_CLUSTER_KEY = authkey(2);
    private static final int MIB = 1024 * 1024;

    private Vertx vertx;
    private final List<AutoCloseable> rawSockets = new ArrayList<>();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable socket : rawSockets) {
            socket.close();
        }
        Await.result(vertx.close());
    }

    @Test
    void twoLinksExchangeSmallAndLargeMessagesBothWaysInOrder() throws Exception {
        LinkHost a = listening(1);
        LinkHost b = listening(2);
        Map<Integer, HostPort> peers = Map.of(1, a.address, 2, b.address); // each link ignores its own entry
        a.peers(peers);
        b.peers(peers);
        List<ClusterMessage> fromA = List.of(heartbeat(1), appendEntries(2 * MIB, 7), heartbeat(2));
        List<ClusterMessage> fromB = List.of(heartbeat(10), appendEntries(2 * MIB, 8), heartbeat(11));

        a.send(2, fromA.toArray(ClusterMessage[]::new));
        b.send(1, fromB.toArray(ClusterMessage[]::new));

        for (ClusterMessage message : fromA) {
            b.expect(1, message);
        }
        for (ClusterMessage message : fromB) {
            a.expect(2, message);
        }
        LinkStats stats = a.stats();
        assertEquals(3, stats.framesSent(), stats.toString());
        assertEquals(3, stats.framesReceived(), stats.toString());
        assertEquals(0, stats.framesDropped(), stats.toString());
        assertEquals(1, stats.connects(), stats.toString());
        assertTrue(stats.bytesSent() > 2 * MIB && stats.bytesReceived() > 2 * MIB, stats.toString());
        assertTrue(a.rejectedNothingMore() && b.rejectedNothingMore());
    }

    @Test
    void aPeerStartedAfterTheFirstSendIsReachedOnceItListens() throws Exception {
        LinkHost a = listening(1);
        HostPort later = new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1"));
        a.peers(Map.of(2, later));

        a.send(2, heartbeat(1));
        Await.until(() -> a.stats().framesDropped() == 1, () -> a.stats().toString()); // refused: dropped with the attempt
        LinkHost b = LinkHost.listening(vertx, 2, later, KEY);
        Await.until(() -> a.stats().connects() == 1, () -> a.stats().toString()); // retried on its own, with backoff
        a.send(2, heartbeat(2));

        b.expect(1, heartbeat(2));
        assertTrue(a.stats().reconnects() >= 1, a.stats().toString());
    }

    @Test
    void aFrameSignedWithAnotherKeyIsRejectedAndClosesOnlyItsConnection() throws Exception {
        LinkHost a = listening(1);
        LinkHost b = listening(2);
        a.peers(Map.of(2, b.address));
        b.peers(Map.of(1, a.address));
        RawPeer forger = raw(a);

        forger.sendFrame(PacketCodec.forStreams(OTHER_CLUSTER_KEY).encode(new Packet(2, 1002, 1, heartbeat(66))));

        assertEquals(RejectReason.BAD_MAC, a.nextRejection().reason());
        forger.awaitClosedByOtherEnd();
        b.send(1, heartbeat(1));
        a.expect(2, heartbeat(1));
        a.send(2, heartbeat(2));
        b.expect(1, heartbeat(2));
        assertTrue(a.receivedNothingMore(), "the forged heartbeat was not delivered");
    }

    @Test
    void aLengthPrefixOutOfBoundsIsRejectedUnreadAndClosesTheConnection() throws Exception {
        LinkHost a = listening(1);
        RawPeer huge = raw(a);
        RawPeer negative = raw(a);

        huge.sendInt(0x7fffffff); // 2 GiB announced: refused before a byte of body is read or allocated
        assertEquals(RejectReason.TOO_LARGE, a.nextRejection().reason());
        huge.awaitClosedByOtherEnd();
        negative.sendInt(0x80000000);
        assertEquals(RejectReason.TOO_SHORT, a.nextRejection().reason());
        negative.awaitClosedByOtherEnd();

        RawPeer honest = raw(a);
        honest.sendFrame(streamCodec().encode(new Packet(5, 1, 1, heartbeat(1))));
        a.expect(5, heartbeat(1));
    }

    @Test
    void aReplayedFrameIsRejectedAsReplayedOnAnyConnection() throws Exception {
        LinkHost a = listening(1);
        PacketCodec codec = streamCodec();
        byte[] first = codec.encode(new Packet(7, 100, 1, heartbeat(1)));
        raw(a).sendFrame(first);
        a.expect(7, heartbeat(1));

        RawPeer replayer = raw(a);
        replayer.sendFrame(first);
        assertEquals(RejectReason.REPLAYED, a.nextRejection().reason());
        replayer.sendFrame(codec.encode(new Packet(7, 99, 50, heartbeat(99)))); // an earlier incarnation
        assertEquals(RejectReason.REPLAYED, a.nextRejection().reason());
        replayer.sendFrame(codec.encode(new Packet(7, 100, 2, heartbeat(2)))); // the connection stayed open

        a.expect(7, heartbeat(2));
        assertEquals(2, a.stats().framesReceived(), a.stats().toString());
    }

    @Test
    void anUnlistedSenderIsHeardAndAnsweredOverItsOwnConnection() throws Exception {
        LinkHost a = listening(1);
        LinkHost newcomer = LinkHost.connectingOnly(vertx, 3, KEY); // no server: replies can only come back over its connection
        newcomer.peers(Map.of(1, a.address));
        ClusterMessage.VoteRequest request = new ClusterMessage.VoteRequest(9, 40, 8, false);
        ClusterMessage.VoteReply reply = new ClusterMessage.VoteReply(9, true, false);

        newcomer.send(1, request);
        a.expect(3, request);
        a.send(3, reply);

        newcomer.expect(1, reply);
        assertEquals(0, a.stats().connects(), "a opened no connection of its own: " + a.stats());
    }

    @Test
    void removingAPeerClosesItsConnection() throws Exception {
        LinkHost a = listening(1);
        ServerSocket fakePeer = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        rawSockets.add(fakePeer);
        fakePeer.setSoTimeout((int) Await.LIMIT.toMillis());
        a.peers(Map.of(2, new HostPort("127.0.0.1", fakePeer.getLocalPort())));

        a.send(2, heartbeat(1));
        RawPeer peer = new RawPeer(fakePeer.accept());
        rawSockets.add(peer);
        DecodeResult result = streamCodec().decode(peer.readFrame());
        assertEquals(new Packet(1, 1001, 1, heartbeat(1)), ((DecodeResult.Accepted) result).packet());
        a.peers(Map.of());

        peer.awaitClosedByOtherEnd();
        a.send(2, heartbeat(2));
        assertEquals(1, a.stats().framesDropped(), "no route to a removed peer that never spoke: " + a.stats());
    }

    @Test
    void aSlowPeerCostsDroppedFramesNotUnboundedMemory() throws Exception {
        LinkHost a = listening(1);
        ServerSocket stuckPeer = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        rawSockets.add(stuckPeer);
        stuckPeer.setSoTimeout((int) Await.LIMIT.toMillis());
        a.peers(Map.of(2, new HostPort("127.0.0.1", stuckPeer.getLocalPort())));
        a.send(2, heartbeat(1));
        rawSockets.add(stuckPeer.accept()); // accepted, never read
        Await.until(() -> a.stats().connects() == 1, () -> a.stats().toString());

        ClusterMessage big = appendEntries(2 * MIB, 3);
        int attempts = 40; // 80 MiB: more than the bound plus any kernel socket buffers
        a.send(2, Collections.nCopies(attempts, big).toArray(ClusterMessage[]::new));

        LinkStats stats = a.stats();
        assertTrue(stats.framesDropped() > 0, stats.toString());
        assertEquals(1 + attempts, stats.framesSent() + stats.framesDropped(), stats.toString());
    }

    @Test
    void aMessageTooLargeToEncodeIsDroppedAndCountedWithoutThrowing() throws Exception {
        LinkHost a = listening(1);
        LinkHost b = listening(2);
        a.peers(Map.of(2, b.address));

        a.send(2, appendEntries(PacketCodec.MAX_STREAM_FRAME_BYTES + 1, 4), heartbeat(1));

        b.expect(1, heartbeat(1));
        assertEquals(1, a.stats().framesDropped(), a.stats().toString());
    }

    @Test
    void theLinkRefusesUseOffItsEventLoop() throws Exception {
        LinkHost a = listening(1);
        assertThrows(IllegalStateException.class,
                () -> new StreamLink(vertx, 9, 1, KEY, (source, reason, detail) -> { }, (from, message) -> { }));
        StreamLink link = a.call(l -> l);
        assertThrows(IllegalStateException.class, () -> link.send(2, heartbeat(1)));
    }

    private LinkHost listening(int id) throws Exception {
        return LinkHost.listening(vertx, id, new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1")), KEY);
    }

    private RawPeer raw(LinkHost host) throws Exception {
        RawPeer peer = RawPeer.connect(host.address.port());
        rawSockets.add(peer);
        return peer;
    }

    private static PacketCodec streamCodec() {
        return PacketCodec.forStreams(KEY);
    }

    private static byte[] authkey(int seed) {
        byte[] key = new byte[128];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    private static Heartbeat heartbeat(long sentAt) {
        return new Heartbeat(sentAt, -1, 0, new RingId(1, 4), 4, List.of(1, 2), 3, 2);
    }

    /** About {@code bytes} of payload in two log entries. */
    private static AppendEntries appendEntries(int bytes, long seed) {
        Random random = new Random(seed);
        byte[] first = new byte[bytes / 2];
        byte[] second = new byte[bytes - first.length];
        random.nextBytes(first);
        random.nextBytes(second);
        return new AppendEntries(3, 10, 2, 9, 1, List.of(
                new LogEntry(3, 11, Blob.wrap(first)), new LogEntry(3, 12, Blob.wrap(second))));
    }
}
