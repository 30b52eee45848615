package io.quorate.events.check;

import io.quorate.events.Event;
import io.quorate.events.GuestEvent;
import io.quorate.events.SnapshotEvent;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.fold.GuestRun;
import java.util.List;
import java.util.function.Consumer;

/**
 * Invariant 1, no split brain of resources: a guest runs on node X from its {@code guest.started} on X
 * until {@code guest.stopped}/{@code guest.died} on X, X's fence acknowledgement or a
 * {@code watchdog.fired} on X (the fold ends the run, see {@code FoldRules}). A guest seen running on
 * a node (started there, or listed by that node's snapshot) while a run on another node is still
 * open is a violation naming both events.
 */
public final class NoResourceOnTwoNodes implements InvariantChecker {
    public static final String NAME = "no_resource_on_two_nodes";

    @Override
    public String invariant() {
        return NAME;
    }

    @Override
    public void inspect(Event event, ClusterState before, Consumer<Violation> report) {
        if (event.data() instanceof GuestEvent.Started) {
            check(((GuestEvent.Started) event.data()).sid(), event, before, report);
        } else if (event.data() instanceof SnapshotEvent.View) {
            for (String sid : ((SnapshotEvent.View) event.data()).guests()) {
                if (!before.guestRuns(sid).containsKey(event.node())) {
                    check(sid, event, before, report);
                }
            }
        }
    }

    private static void check(String sid, Event event, ClusterState before, Consumer<Violation> report) {
        for (GuestRun run : before.guestRuns(sid).values()) {
            if (!run.node().equals(event.node())) {
                report.accept(new Violation(NAME, sid + " runs on " + event.node() + " while it still runs on " + run.node()
                        + " (not stopped, and " + run.node() + " not fenced)", List.of(run.startedBy(), event.id())));
            }
        }
    }
}
