package io.quorate.it;

import io.quorate.events.Event;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.runtime.NodeEventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's state as its own event log says it (view and quorum), read from {@code events.jsonl}:
 * works for nodes in network namespaces whose API the test cannot reach.
 */
record NodeState(String ringId, List<Integer> members, boolean quorate, long viewAgreedAtMillis) {

    static NodeState of(Path nodeDir) {
        List<Event> events;
        try {
            events = NodeEventLog.read(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean quorate = false;
        for (Event event : events) {
            if (event.data() instanceof QuorumEvent.Gained) {
                quorate = true;
            } else if (event.data() instanceof QuorumEvent.Lost || event.data() instanceof NodeEvent.Started) {
                quorate = false;
            }
        }
        boolean isQuorate = quorate;
        return NodeEventLog.latestView(events)
                .map(view -> new NodeState(NodeEventLog.ringId(view), NodeEventLog.members(view), isQuorate,
                        view.time().toEpochMilli()))
                .orElse(new NodeState("none", List.of(), false, 0));
    }
}
