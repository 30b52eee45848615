package io.quorate.it;

import io.quorate.events.Event;
import io.quorate.events.JsonLinesEventLog;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's state as its own event log says it (view and quorum), read from {@code events.jsonl}:
 * works for nodes in network namespaces whose API the test cannot reach.
 */
record NodeState(String ringId, List<Integer> members, boolean quorate, long viewAgreedAtMillis) {

    static NodeState of(Path nodeDir) {
        Path file = nodeDir.resolve("events.jsonl");
        try {
            if (!Files.exists(file)) {
                return new NodeState("none", List.of(), false, 0);
            }
            String ring = "none";
            List<Integer> members = List.of();
            boolean quorate = false;
            long agreedAt = 0;
            for (Event event : JsonLinesEventLog.read(file).events()) {
                if (event.data() instanceof MembershipEvent.ViewAgreed agreed) {
                    ring = agreed.ringId();
                    members = agreed.members().stream().map(MembershipEvent.Member::nodeId).toList();
                    agreedAt = event.time().toEpochMilli();
                } else if (event.data() instanceof QuorumEvent.Gained) {
                    quorate = true;
                } else if (event.data() instanceof QuorumEvent.Lost) {
                    quorate = false;
                } else if (event.data() instanceof io.quorate.events.NodeEvent.Started) {
                    quorate = false;
                }
            }
            return new NodeState(ring, members, quorate, agreedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long ringSequence() {
        return ringId.equals("none") ? -1 : Long.parseLong(ringId.substring(ringId.indexOf('.') + 1), 16);
    }
}
