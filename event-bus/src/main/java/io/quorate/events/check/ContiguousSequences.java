package io.quorate.events.check;

import io.quorate.events.Event;
import io.quorate.events.fold.ClusterState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Invariant 5, nothing lost: per node incarnation, sequence numbers are gap-free within the history.
 * The first event of an incarnation seen starts its run (the history may begin in the middle),
 * except when an earlier incarnation of the same node was seen: then the new one started within the
 * history and must start at 1. Heartbeat samples dropped from a full spool never got a sequence
 * number ({@code events.dropped} names them), so any gap is real loss.
 */
public final class ContiguousSequences implements InvariantChecker {
    public static final String NAME = "contiguous_sequences";

    private final Map<String, Last> lastByNode = new HashMap<>();

    /** The last event seen of a node's newest incarnation. */
    private static final class Last {
        long incarnation;
        long seq;
        String id;

        Last(Event event) {
            take(event);
        }

        void take(Event event) {
            incarnation = event.incarnation();
            seq = event.seq();
            id = event.id();
        }
    }

    @Override
    public String invariant() {
        return NAME;
    }

    @Override
    public void inspect(Event event, ClusterState before, Consumer<Violation> report) {
        Last last = lastByNode.get(event.node());
        if (last == null) {
            lastByNode.put(event.node(), new Last(event));
            return;
        }
        if (event.incarnation() == last.incarnation) {
            if (event.seq() > last.seq + 1) {
                report.accept(new Violation(NAME, event.node() + " incarnation " + event.incarnation() + ": "
                        + missing(last.seq + 1, event.seq() - 1), List.of(last.id, event.id())));
            }
            if (event.seq() > last.seq) {
                last.take(event);
            }
        } else if (event.incarnation() > last.incarnation) {
            if (event.seq() != 1) {
                report.accept(new Violation(NAME, event.node() + " incarnation " + event.incarnation()
                        + " started within the history but " + missing(1, event.seq() - 1),
                        List.of(last.id, event.id())));
            }
            last.take(event);
        }
    }

    private static String missing(long first, long lastMissing) {
        return first == lastMissing ? "seq " + first + " is missing" : "seqs " + first + ".." + lastMissing + " are missing";
    }
}
