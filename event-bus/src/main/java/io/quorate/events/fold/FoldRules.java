package io.quorate.events.fold;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.LockEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.SnapshotEvent;
import io.quorate.events.WatchdogEvent;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How each event type changes a {@link ClusterState}: one rule per record class, looked up by class
 * (no instanceof chain). Event types without a rule (heartbeats, proposals, logs, …) change only the
 * emitting node's last-seen time and sequence, which {@link ClusterState#apply} records for every
 * event.
 *
 * <p>The rules, by family:
 * <ul>
 * <li><b>snapshot.view</b>: the node's own view is replaced by the snapshot's. Its guest list replaces
 * the guests running on that node. The cluster-wide resource table and lock table take the
 * snapshot's while no {@code ha.service.*} (resp. {@code lock.*}) event has been folded yet, so the
 * latest snapshot seeds them; the resource table also takes the CRM master's own snapshot at any
 * time (it is the authority on placement). A snapshot naming a CRM master sets it when none is known.
 * <li><b>membership.view_agreed</b> sets the node's ring id and members; {@code member_joined}/{@code
 * member_left} add or remove one member.
 * <li><b>quorum.gained/lost</b> set the node's quorate flag and votes; {@code expected_changed} its
 * expected votes and quorum; {@code vote_counted}/{@code vote_withdrawn} its total votes.
 * <li><b>config.committed</b>, {@code catchup_finished}, {@code snapshot_installed} set the node's
 * config version (and raise the cluster's highest); {@code leader_changed} its config leader.
 * <li><b>ha.crm.state_changed</b> sets the node's CRM state; entering {@code master} makes it the CRM
 * master, leaving it clears the master if it was this node. <b>ha.lrm.state_changed</b> sets the LRM
 * state. <b>ha.service.state_changed</b> sets the resource (to {@code removed}: drops it).
 * <b>ha.node.state_changed</b>: to {@code fence} starts a fence; {@code fence → unknown} is the
 * master's fence acknowledgement; leaving {@code fence} otherwise ends the fence unacknowledged.
 * <li><b>fence.requested</b> starts a fence, <b>fence.succeeded</b> acknowledges it,
 * {@code fence.failed} leaves it in progress (recovery waits for the watchdog path). A fence
 * acknowledgement ends every guest run on the fenced node.
 * <li><b>guest.started</b> starts a run of the guest on the emitting node, <b>guest.stopped</b> and
 * <b>guest.died</b> end it; <b>watchdog.fired</b> ends every run on the node (the watchdog killed them).
 * <li><b>lock.acquired</b> sets the holder (only when its epoch is not older than the one known: every
 * node echoes lock changes as it applies them); {@code released}/{@code expired} drop the hold of that
 * epoch; {@code lost} (on the holder) drops it when the holder is the emitting node.
 * <li><b>node.stopping</b> marks the node down; any later event marks it up again. A higher
 * incarnation resets the node's view ({@link NodeView#restart}).
 * </ul>
 */
final class FoldRules {
    private static final String MASTER = "master";
    private static final Map<Class<?>, Rule<EventData>> RULES = new IdentityHashMap<>();

    /** One event type's effect: {@code node} is the emitting node's view, already marked seen. */
    @FunctionalInterface
    private interface Rule<T extends EventData> {
        void apply(ClusterState state, NodeView node, Event event, T data);
    }

    static {
        on(SnapshotEvent.View.class, FoldRules::snapshot);

        on(MembershipEvent.ViewAgreed.class, (state, node, event, view) -> {
            SortedSet<String> names = new TreeSet<>();
            view.members().forEach(member -> names.add(member.name()));
            node.view(view.ringId(), names);
        });
        on(MembershipEvent.MemberJoined.class, (state, node, event, joined) -> node.view(joined.ringId(),
                with(node, joined.name(), true)));
        on(MembershipEvent.MemberLeft.class, (state, node, event, left) -> node.view(left.ringId(),
                with(node, left.name(), false)));

        on(QuorumEvent.Gained.class, (state, node, event, gained) -> votes(node, Quorate.YES, gained.votes()));
        on(QuorumEvent.Lost.class, (state, node, event, lost) -> votes(node, Quorate.NO, lost.votes()));
        on(QuorumEvent.ExpectedChanged.class, (state, node, event, changed) ->
                node.expected(changed.newExpected(), changed.quorum()));
        on(QuorumEvent.VoteCounted.class, (state, node, event, counted) -> node.votesChanged(counted.votes()));
        on(QuorumEvent.VoteWithdrawn.class, (state, node, event, withdrawn) -> node.votesChanged(-withdrawn.votes()));

        on(ConfigEvent.Committed.class, (state, node, event, committed) -> configVersion(state, node, committed.version()));
        on(ConfigEvent.CatchupFinished.class, (state, node, event, done) -> configVersion(state, node, done.version()));
        on(ConfigEvent.SnapshotInstalled.class, (state, node, event, installed) ->
                configVersion(state, node, installed.version()));
        on(ConfigEvent.LeaderChanged.class, (state, node, event, leader) -> node.configLeader(
                leader.leaderName() == null || leader.leaderName().isEmpty() ? null : leader.leaderName()));

        on(HaEvent.CrmStateChanged.class, FoldRules::crmState);
        on(HaEvent.LrmStateChanged.class, (state, node, event, changed) -> node.lrmState(changed.to()));
        on(HaEvent.ServiceStateChanged.class, FoldRules::serviceState);
        on(HaEvent.NodeStateChanged.class, FoldRules::haNodeState);

        on(FenceEvent.Requested.class, (state, node, event, requested) -> state.fenceRequested(requested.node(), event.id()));
        on(FenceEvent.Succeeded.class, (state, node, event, succeeded) -> state.fenceAcknowledged(succeeded.node(), event.id()));

        on(GuestEvent.Started.class, (state, node, event, started) ->
                state.guestStarted(new GuestRun(started.sid(), event.node(), event.id())));
        on(GuestEvent.Stopped.class, (state, node, event, stopped) -> state.guestStopped(stopped.sid(), event.node()));
        on(GuestEvent.Died.class, (state, node, event, died) -> state.guestStopped(died.sid(), event.node()));
        on(WatchdogEvent.Fired.class, (state, node, event, fired) -> state.guestsGone(event.node()));

        on(LockEvent.Acquired.class, (state, node, event, acquired) -> {
            LockHold known = state.locks().get(acquired.lock());
            if (known == null || known.epoch() <= acquired.epoch()) {
                state.lock(new LockHold(acquired.lock(), acquired.holder(), acquired.epoch()));
            }
        });
        on(LockEvent.Released.class, (state, node, event, released) ->
                state.unlock(released.lock(), released.epoch(), released.holder()));
        on(LockEvent.Expired.class, (state, node, event, expired) ->
                state.unlock(expired.lock(), expired.epoch(), expired.holder()));
        on(LockEvent.Lost.class, (state, node, event, lost) -> state.unlock(lost.lock(), lost.epoch(), event.node()));

        on(NodeEvent.Stopping.class, (state, node, event, stopping) -> node.stopping());
    }

    private FoldRules() {
    }

    private static <T extends EventData> void on(Class<T> type, Rule<T> rule) {
        RULES.put(type, (state, node, event, data) -> rule.apply(state, node, event, type.cast(data)));
    }

    static void apply(ClusterState state, NodeView node, Event event) {
        Rule<EventData> rule = RULES.get(event.data().getClass());
        if (rule != null) {
            rule.apply(state, node, event, event.data());
        }
    }

    private static void snapshot(ClusterState state, NodeView node, Event event, SnapshotEvent.View view) {
        node.view(view.ringId(), new TreeSet<>(view.members()));
        node.quorum(Quorate.of(view.quorate()), view.expectedVotes(), view.totalVotes(), view.quorum());
        configVersion(state, node, view.configVersion());
        node.configLeader(view.configLeader());
        node.lrmState(view.lrmState());
        boolean fromMaster = event.node().equals(view.crmMaster());
        if (fromMaster) {
            node.crmState(MASTER);
            state.crmMaster(event.node());
        } else if (state.crmMaster() == null && view.crmMaster() != null) {
            state.crmMaster(view.crmMaster());
        }
        state.guestsGone(event.node());
        view.guests().forEach(sid -> state.guestStarted(new GuestRun(sid, event.node(), event.id())));
        if (fromMaster || !state.servicesSeen()) {
            TreeMap<String, ServiceStatus> services = new TreeMap<>();
            view.services().forEach((sid, service) -> services.put(sid, new ServiceStatus(service.state(), service.node(),
                    null, event.id(), true, ServiceStatus.FENCE.equals(service.state()) ? state.position() : -1)));
            state.servicesFromSnapshot(services);
        }
        if (!state.locksSeen()) {
            state.locksFromSnapshot(view.locks());
        }
    }

    private static void crmState(ClusterState state, NodeView node, Event event, HaEvent.CrmStateChanged changed) {
        node.crmState(changed.to());
        if (MASTER.equals(changed.to())) {
            state.crmMaster(event.node());
        } else if (event.node().equals(state.crmMaster())) {
            state.crmMaster(null);
        }
    }

    private static void serviceState(ClusterState state, NodeView node, Event event, HaEvent.ServiceStateChanged changed) {
        ServiceStatus before = state.service(changed.sid());
        long fenceEnteredAt = -1;
        if (ServiceStatus.FENCE.equals(changed.to())) {
            fenceEnteredAt = before != null && ServiceStatus.FENCE.equals(before.state()) ? before.fenceEnteredAt() : state.position();
        } else if (ServiceStatus.RECOVERY.equals(changed.to()) && before != null) {
            fenceEnteredAt = before.fenceEnteredAt();
        }
        String target = changed.target() == null || changed.target().isEmpty() ? null : changed.target();
        state.service(changed.sid(), new ServiceStatus(changed.to(), changed.node(), target, event.id(), false, fenceEnteredAt));
    }

    private static void haNodeState(ClusterState state, NodeView node, Event event, HaEvent.NodeStateChanged changed) {
        state.haNodeState(changed.node(), changed.to());
        if ("fence".equals(changed.to())) {
            state.fenceRequested(changed.node(), event.id());
        } else if ("fence".equals(changed.from())) {
            if ("unknown".equals(changed.to())) {
                state.fenceAcknowledged(changed.node(), event.id());
            } else {
                state.fenceEnded(changed.node());
            }
        }
    }

    private static void votes(NodeView node, Quorate quorate, QuorumEvent.Votes votes) {
        node.quorum(quorate, votes.expectedVotes(), votes.totalVotes(), votes.quorum());
    }

    private static void configVersion(ClusterState state, NodeView node, long version) {
        node.configVersion(version);
        state.committed(version);
    }

    private static SortedSet<String> with(NodeView node, String member, boolean present) {
        SortedSet<String> members = new TreeSet<>(node.members());
        if (present) {
            members.add(member);
        } else {
            members.remove(member);
        }
        return members;
    }
}
