package io.quorate.events.check;

import io.quorate.events.Event;
import io.quorate.events.HaEvent;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.fold.FenceAck;
import io.quorate.events.fold.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Invariant 3, fence before recover: a resource in {@code fence} or {@code recovery} on node X may be
 * placed on another node only after a fence acknowledgement of X ({@code fence.succeeded} for X, or
 * the master's {@code fence → unknown} for X) that came after the resource entered {@code fence}.
 *
 * <p>A resource the history first shows in {@code recovery} (taken from a snapshot) cannot be judged:
 * its fence and acknowledgement predate the history. It is skipped, not reported.
 */
public final class FenceBeforeRecover implements InvariantChecker {
    public static final String NAME = "fence_before_recover";

    @Override
    public String invariant() {
        return NAME;
    }

    @Override
    public void inspect(Event event, ClusterState before, Consumer<Violation> report) {
        if (!(event.data() instanceof HaEvent.ServiceStateChanged)) {
            return;
        }
        HaEvent.ServiceStateChanged change = (HaEvent.ServiceStateChanged) event.data();
        ServiceStatus old = before.service(change.sid());
        if (old == null || !old.fencedOrRecovering() || old.node() == null || change.node() == null
                || change.node().equals(old.node()) || ServiceStatus.REMOVED.equals(change.to())) {
            return;
        }
        if (old.fromSnapshot() && ServiceStatus.RECOVERY.equals(old.state())) {
            return;
        }
        FenceAck ack = before.lastFenceAck(old.node());
        if (ack != null && ack.position() > old.fenceEnteredAt()) {
            return;
        }
        List<String> events = new ArrayList<>();
        if (ack != null) {
            events.add(ack.eventId());
        }
        events.add(old.changedBy());
        events.add(event.id());
        report.accept(new Violation(NAME, change.sid() + " moved from " + old.node() + " (" + old.state() + ") to "
                + change.node() + " (" + change.to() + ") without a fence acknowledgement of " + old.node()
                + (ack == null ? "" : " since it was fenced (last one is older)"), events));
    }
}
