package io.quorate.runtime;

import io.quorate.configdb.ConfigDb;
import io.quorate.events.Event;
import io.quorate.events.MembershipEvent;
import io.quorate.events.SnapshotEvent;
import io.quorate.membership.View;
import io.quorate.node.NodeCore;
import io.quorate.quorum.QuorumStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records the node's whole view of the cluster as a {@code snapshot.view} event: at start, every
 * 30 s, and after every view change, so a reader of the event stream (replay, an exporter started
 * late) can begin anywhere and fold forward from the last snapshot.
 */
public final class ViewSnapshots {
    public static final long PERIOD_MS = 30_000;

    /** The HA part of a snapshot, as this node's CRM and LRM see it. */
    public record HaView(String crmMaster, String lrmState, Map<String, SnapshotEvent.ServiceView> services,
                         List<String> guests) {
        public static final HaView NONE = new HaView(null, null, Map.of(), List.of());
    }

    private final NodeRuntime runtime;
    private final Supplier<HaView> ha;

    private ViewSnapshots(NodeRuntime runtime, Supplier<HaView> ha) {
        this.runtime = runtime;
        this.ha = ha;
    }

    /** Starts recording on the runtime's core loop; {@code ha} is read there too. */
    public static void start(NodeRuntime runtime, Supplier<HaView> ha) {
        ViewSnapshots snapshots = new ViewSnapshots(runtime, ha);
        runtime.runOnCore(() -> {
            snapshots.record(SnapshotEvent.START);
            runtime.addEventListener(snapshots::onEvent);
            snapshots.periodically();
        });
    }

    private void periodically() {
        runtime.later(PERIOD_MS, () -> {
            record(SnapshotEvent.PERIODIC);
            periodically();
        });
    }

    private void onEvent(Event event) {
        if (event.data() instanceof MembershipEvent.ViewAgreed) {
            record(SnapshotEvent.VIEW_CHANGE);
        }
    }

    private void record(String reason) {
        runtime.recordEvent(snapshot(reason));
    }

    private SnapshotEvent.View snapshot(String reason) {
        NodeCore core = runtime.core();
        io.quorate.quorum.VoterConfig names = core.spec().voters();
        View view = core.view();
        QuorumStatus quorum = core.quorumStatus();
        ConfigDb configDb = core.configDb();
        int leader = configDb.leaderId();
        HaView haView = ha.get();
        return new SnapshotEvent.View(reason, view == View.NONE ? null : view.ring().toString(),
                view.members().stream().map(names::nameOf).toList(), quorum.quorate(),
                quorum.expectedVotes(), quorum.totalVotes(), quorum.quorum(), core.configVersion(),
                leader == 0 ? null : names.nameOf(leader), haView.crmMaster(), haView.lrmState(),
                haView.services(), configDb.lockHolders(), haView.guests());
    }
}
