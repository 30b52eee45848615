package io.quorate.protocol;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
import java.util.List;
import java.util.stream.IntStream;

/** Shared fixtures: an authkey like corosync's 128-byte file and one message of each type. */
final class Samples {
    private Samples() {
    }

    static byte[] authkey(int seed) {
        byte[] key = new byte[128];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    static final byte[] KEY = authkey(1);

    static final Heartbeat HEARTBEAT = new Heartbeat(123_456, 123_400, 5, new RingId(1, 0x1c), 0x1c,
            List.of(1, 2, 3), 4, 3);

    /** A multi-KB corosync.conf full of non-ASCII (accents, CJK, emoji outside the BMP). */
    static final String NON_ASCII_CONF = IntStream.range(0, 200)
            .mapToObj(i -> "  node { name: nœud-" + i + "-東京-🖥 ring0_addr: 10.0.0." + (i % 250) + " }\n")
            .reduce("totem {\n  cluster_name: crème\n", String::concat) + "}\n";

    static List<ClusterMessage> oneOfEachType() {
        return List.of(
                HEARTBEAT,
                new ViewProposal(new RingId(2, 0x20), List.of(2, 3, 5)),
                new ViewAck(new RingId(2, 0x20)),
                new ViewCommit(new RingId(2, 0x20), List.of(2, 3, 5)),
                new Leave(),
                new SetExpectedVotes(2),
                new ConfigOffer(9, NON_ASCII_CONF),
                new ConfigRequest(8),
                new ClusterMessage.VoteRequest(5, 120, 4, true),
                new ClusterMessage.VoteReply(5, true, false),
                new ClusterMessage.AppendEntries(5, 119, 4, 118, 77, List.of(
                        new LogEntry(4, 120, Blob.wrap(new byte[] {1, 2, 3})), new LogEntry(5, 121, Blob.EMPTY))),
                new ClusterMessage.AppendReply(5, false, 100, 77),
                new ClusterMessage.SnapshotChunk(5, 500, 4, 1024, 4096, Blob.wrap(new byte[] {9, 8, 7})),
                new ClusterMessage.SnapshotAck(5, 500, 1027),
                new ClusterMessage.ForwardedProposal(5, 991, Blob.wrap("write".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                new ClusterMessage.ProposalOutcome(5, 991, 0, 122, "ok"),
                new ClusterMessage.ReadIndexRequest(5, 992),
                new ClusterMessage.ReadIndexReply(5, 992, -1));
    }

    static Packet packet(ClusterMessage message) {
        return new Packet(7, 3, 42, message);
    }

    /** Every concrete message record, looking through sealed sub-interfaces such as {@code Replication}. */
    static java.util.Set<Class<?>> messageRecords() {
        java.util.Set<Class<?>> records = new java.util.HashSet<>();
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>(List.of(ClusterMessage.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isRecord()) {
                records.add(type);
            } else {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            }
        }
        return records;
    }
}
