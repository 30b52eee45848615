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
                new ConfigRequest(8));
    }

    static Packet packet(ClusterMessage message) {
        return new Packet(7, 3, 42, message);
    }
}
