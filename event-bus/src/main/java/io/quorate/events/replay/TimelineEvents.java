package io.quorate.events.replay;

import io.quorate.events.ChaosEvent;
import io.quorate.events.ConfigEvent;
import io.quorate.events.EventData;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.LockEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.SpoolEvent;
import io.quorate.events.WatchdogEvent;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which events a replay timeline shows and how it words them: view changes, quorum changes, config
 * writes, lock changes, HA state changes, fences, guests, watchdog, node start/stop, event-bus
 * loss and chaos runs (an applied fault is a fault). Everything else (heartbeats, snapshots, proposals, renewals, vote tallies, manager log lines)
 * is left out. Looked up by record class.
 */
final class TimelineEvents {
    /** How one event type shows: its category, whether it is a fault, and its summary. */
    record Kind(Category category, Predicate<EventData> fault, Function<EventData, String> summary) {
    }

    private static final Map<Class<?>, Kind> KINDS = new IdentityHashMap<>();

    static {
        on(MembershipEvent.ViewAgreed.class, Category.MEMBERSHIP, view -> false,
                view -> "view " + view.ringId() + ": " + view.members().stream().map(MembershipEvent.Member::name)
                        .collect(Collectors.joining(",")));
        on(MembershipEvent.MemberJoined.class, Category.MEMBERSHIP, joined -> false,
                joined -> joined.name() + " joined (ring " + joined.ringId() + ")");
        on(MembershipEvent.MemberLeft.class, Category.MEMBERSHIP, left -> "failed".equals(left.reason()),
                left -> left.name() + " left: " + left.reason() + " (ring " + left.ringId() + ")");
        on(MembershipEvent.PeerSuspected.class, Category.MEMBERSHIP, suspected -> true,
                suspected -> suspected.name() + " silent for " + suspected.silentMs() + " ms");
        on(MembershipEvent.PacketRejected.class, Category.MEMBERSHIP, rejected -> true,
                rejected -> "packets from " + rejected.source() + " refused: " + rejected.reason() + " (" + rejected.count() + ")");
        on(MembershipEvent.ConfigApplied.class, Category.MEMBERSHIP, applied -> false,
                applied -> "cluster config version " + applied.configVersion() + ": " + applied.nodelist().stream()
                        .map(MembershipEvent.Member::name).collect(Collectors.joining(",")));

        on(QuorumEvent.Gained.class, Category.QUORUM, gained -> false,
                gained -> "quorate: " + votes(gained.votes()) + " (ring " + gained.ringId() + ")");
        on(QuorumEvent.Lost.class, Category.QUORUM, lost -> true,
                lost -> "NOT quorate: " + votes(lost.votes()) + " (ring " + lost.ringId() + ")");
        on(QuorumEvent.ExpectedChanged.class, Category.QUORUM, changed -> "admin".equals(changed.reason()),
                changed -> "expected votes " + changed.oldExpected() + " -> " + changed.newExpected() + " ("
                        + changed.reason() + "), quorum " + changed.quorum());

        on(ConfigEvent.LeaderChanged.class, Category.CONFIG, leader -> false,
                leader -> "config leader " + (leader.leaderName() == null || leader.leaderName().isEmpty() ? "none"
                        : leader.leaderName()) + " (term " + leader.term() + ")");
        on(ConfigEvent.Rejected.class, Category.CONFIG, rejected -> false,
                rejected -> rejected.operation() + " " + rejected.path() + " refused: " + rejected.reason());
        on(ConfigEvent.CatchupStarted.class, Category.CONFIG, started -> false,
                started -> "catching up from version " + started.fromVersion() + " to " + started.leaderCommit()
                        + (started.viaSnapshot() ? " (snapshot)" : ""));
        on(ConfigEvent.CatchupFinished.class, Category.CONFIG, done -> false,
                done -> "caught up at version " + done.version() + " (" + done.entries() + " entries, " + done.durationMs() + " ms)");
        on(ConfigEvent.SnapshotInstalled.class, Category.CONFIG, installed -> false,
                installed -> "config snapshot installed at version " + installed.version());
        on(ConfigEvent.UnsafeWrite.class, Category.CONFIG, write -> true,
                write -> "UNSAFE " + write.operation() + " " + write.path() + " without a majority");
        on(ConfigEvent.Diverged.class, Category.CONFIG, diverged -> true,
                diverged -> "unsafe writes diverged from the cluster's version " + diverged.clusterVersion() + ": "
                        + String.join(",", diverged.paths()));

        on(LockEvent.Acquired.class, Category.LOCK, acquired -> false,
                acquired -> acquired.lock() + " acquired by " + acquired.holder() + " (epoch " + acquired.epoch() + ")");
        on(LockEvent.Released.class, Category.LOCK, released -> false,
                released -> released.lock() + " released by " + released.holder());
        on(LockEvent.Expired.class, Category.LOCK, expired -> true,
                expired -> expired.lock() + " of " + expired.holder() + " expired");
        on(LockEvent.Lost.class, Category.LOCK, lost -> true, lost -> "lost " + lost.lock() + ": " + lost.reason());

        on(HaEvent.CrmStateChanged.class, Category.HA, changed -> false,
                changed -> "crm " + from(changed.from()) + " -> " + changed.to());
        on(HaEvent.LrmStateChanged.class, Category.HA, changed -> false,
                changed -> "lrm " + from(changed.from()) + " -> " + changed.to());
        on(HaEvent.CommandsTaken.class, Category.HA, taken -> false, taken -> "crm commands: " + String.join("; ", taken.commands()));
        on(HaEvent.NodeStateChanged.class, Category.HA, changed -> "fence".equals(changed.to()),
                changed -> "node " + changed.node() + " " + from(changed.from()) + " -> " + changed.to());
        on(HaEvent.ServiceStateChanged.class, Category.HA, changed -> "fence".equals(changed.to()) || "error".equals(changed.to()),
                changed -> changed.sid() + " " + from(changed.from()) + " -> " + changed.to() + " on " + changed.node()
                        + (changed.target() == null || changed.target().isEmpty() ? "" : " (target " + changed.target() + ")"));

        on(FenceEvent.Requested.class, Category.FENCE, requested -> true,
                requested -> "fence " + requested.node() + " (" + requested.method() + "): " + requested.reason());
        on(FenceEvent.IpmiAttempt.class, Category.FENCE, attempt -> true,
                attempt -> "ipmi power-off of " + attempt.node() + " attempt " + attempt.attempt() + ": "
                        + (attempt.poweredOff() ? "off" : "not off") + " (" + attempt.detail() + ")");
        on(FenceEvent.Succeeded.class, Category.FENCE, succeeded -> true,
                succeeded -> succeeded.node() + " fenced (" + succeeded.method() + ", " + succeeded.durationMs() + " ms)");
        on(FenceEvent.Failed.class, Category.FENCE, failed -> true,
                failed -> "fencing " + failed.node() + " failed (" + failed.method() + "): " + failed.reason());
        on(FenceEvent.PresumedUnsafe.class, Category.FENCE, presumed -> true,
                presumed -> presumed.node() + " presumed fenced WITHOUT fencing (" + presumed.option() + ")");

        on(GuestEvent.Started.class, Category.GUEST, started -> false, started -> started.sid() + " started");
        on(GuestEvent.StartFailed.class, Category.GUEST, failed -> true,
                failed -> failed.sid() + " failed to start (attempt " + failed.attempt() + "): " + failed.reason());
        on(GuestEvent.Stopped.class, Category.GUEST, stopped -> false, stopped -> stopped.sid() + " stopped (" + stopped.reason() + ")");
        on(GuestEvent.Died.class, Category.GUEST, died -> true, died -> died.sid() + " died");

        on(WatchdogEvent.Fired.class, Category.WATCHDOG, fired -> true, fired -> "watchdog fired: " + fired.detail());
        on(WatchdogEvent.Unavailable.class, Category.WATCHDOG, unavailable -> true,
                unavailable -> "watchdog unavailable: " + unavailable.reason());

        on(NodeEvent.Started.class, Category.NODE, started -> false,
                started -> "node started (" + started.softwareVersion() + ", " + started.address() + ")");
        on(NodeEvent.Stopping.class, Category.NODE, stopping -> false, stopping -> "node stopping: " + stopping.reason());
        on(NodeEvent.FaultsSet.class, Category.NODE, set -> true, set -> "faults injected: delay " + set.delayMs() + " ms, jitter "
                + set.jitterMs() + " ms, clock offset " + set.clockOffsetMs() + " ms");
        on(NodeEvent.FaultsCleared.class, Category.NODE, cleared -> false, cleared -> "injected faults cleared");
        on(NodeEvent.UnsafeOption.class, Category.NODE, unsafe -> true,
                unsafe -> "UNSAFE option " + unsafe.option() + ": " + unsafe.consequence());

        on(SpoolEvent.Dropped.class, Category.BUS, dropped -> true,
                dropped -> dropped.count() + " heartbeat samples dropped between " + dropped.firstAt() + " and " + dropped.lastAt());
        on(SpoolEvent.OverBound.class, Category.BUS, over -> true,
                over -> "event spool over its bound: " + over.bytes() + " of " + over.boundBytes() + " bytes");
        on(ChaosEvent.RunStarted.class, Category.CHAOS, started -> false,
                started -> "chaos run " + started.run() + " of " + started.experiment() + " started (seed " + started.seed() + ")");
        on(ChaosEvent.FaultApplied.class, Category.CHAOS, applied -> true,
                applied -> "fault #" + applied.faultId() + " applied: " + applied.summary());
        on(ChaosEvent.FaultFailed.class, Category.CHAOS, failed -> true,
                failed -> "fault #" + failed.faultId() + " failed (may be in force in part): " + failed.summary() + ": " + failed.error());
        on(ChaosEvent.FaultHealed.class, Category.CHAOS, healed -> false,
                healed -> "fault #" + healed.faultId() + " healed: " + healed.summary());
        on(ChaosEvent.RunFinished.class, Category.CHAOS, finished -> false,
                finished -> "chaos run " + finished.run() + " " + finished.verdict() + ": " + finished.reason());

        on(SpoolEvent.WithinBound.class, Category.BUS, within -> false, within -> "event spool back within its bound");
    }

    private TimelineEvents() {
    }

    private static <T extends EventData> void on(Class<T> type, Category category, Predicate<T> fault,
                                                 Function<T, String> summary) {
        KINDS.put(type, new Kind(category, data -> fault.test(type.cast(data)), data -> summary.apply(type.cast(data))));
    }

    /** How the event shows in a timeline, or null when it does not. */
    static Kind of(EventData data) {
        return KINDS.get(data.getClass());
    }

    private static String votes(QuorumEvent.Votes votes) {
        return "votes " + votes.totalVotes() + "/" + votes.expectedVotes() + ", quorum " + votes.quorum();
    }

    private static String from(String state) {
        return state == null || state.isEmpty() ? "(none)" : state;
    }
}
