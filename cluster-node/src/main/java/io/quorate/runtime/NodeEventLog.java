package io.quorate.runtime;

import io.quorate.events.Event;
import io.quorate.events.JsonLinesEventLog;
import io.quorate.events.MembershipEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads a node's own events.jsonl: what the bench and the chaos checks measure from. */
public final class NodeEventLog {
    private NodeEventLog() {
    }

    public static List<Event> read(Path nodeDir) throws IOException {
        Path file = new NodeFiles(nodeDir).events();
        return Files.exists(file) ? JsonLinesEventLog.read(file).events() : List.of();
    }

    /** The latest view the node installed, with the event that says so. */
    public static Optional<Event> latestView(List<Event> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).data() instanceof MembershipEvent.ViewAgreed) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    public static List<Integer> members(Event viewAgreed) {
        return ((MembershipEvent.ViewAgreed) viewAgreed.data()).members().stream().map(MembershipEvent.Member::nodeId).toList();
    }

    public static String ringId(Event viewAgreed) {
        return ((MembershipEvent.ViewAgreed) viewAgreed.data()).ringId();
    }
}
