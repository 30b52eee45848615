package io.quorate.events.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.SnapshotEvent;
import io.quorate.events.WatchdogEvent;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.testing.EventHistory;
import io.quorate.events.testing.SyntheticCluster;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InvariantsTest {
    private final EventHistory history = new EventHistory(Instant.parse("2026-11-25T10:00:00Z"));

    private List<Violation> check() {
        CheckedFold fold = new CheckedFold();
        fold.applyAll(history.events());
        return fold.violations();
    }

    private static List<String> ids(Event... events) {
        return Arrays.stream(events).map(Event::id).toList();
    }

    @Test
    void aHealthyHistoryWithFailoversAndMigrationsBreaksNothing() {
        List<Event> events = SyntheticCluster.generate(5, 12, 300_000, 1);
        CheckedFold fold = new CheckedFold();
        fold.applyAll(events);
        assertEquals(List.of(), fold.violations());
        assertTrue(events.stream().anyMatch(e -> e.data() instanceof FenceEvent.Succeeded), "the history has a failover");
    }

    // ---- 1: no resource on two nodes

    @Test
    void aGuestStartedOnASecondNodeWhileRunningOnTheFirstIsSplitBrain() {
        Event first = history.emit("n2", new GuestEvent.Started("vm:101", 100));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "started", "started", "n3", ""));
        Event second = history.emit("n3", new GuestEvent.Started("vm:101", 100));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(NoResourceOnTwoNodes.NAME, violations.get(0).invariant());
        assertEquals(ids(first, second), violations.get(0).events());
        assertEquals("vm:101 runs on n3 while it still runs on n2 (not stopped, and n2 not fenced)", violations.get(0).message());
    }

    @Test
    void aRunEndsWithStopDeathFenceOrWatchdog() {
        endRunThenStartElsewhere("n2", () -> history.emit("n2", new GuestEvent.Stopped("vm:101", "migrate")));
        endRunThenStartElsewhere("n3", () -> history.emit("n3", new GuestEvent.Died("vm:101")));
        endRunThenStartElsewhere("n2", () -> history.emit("n1", new FenceEvent.Succeeded("n2", "ipmi", 100)));
        endRunThenStartElsewhere("n3", () -> {
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "unknown", "fence"));
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "fence", "unknown"));
        });
        endRunThenStartElsewhere("n2", () -> history.emit("n2", new WatchdogEvent.Fired("fired 12 s ago")));
        assertEquals(List.of(), check());
    }

    private void endRunThenStartElsewhere(String runningOn, Runnable end) {
        end.run();
        history.emit(runningOn.equals("n2") ? "n3" : "n2", new GuestEvent.Started("vm:101", 100));
    }

    @Test
    void aSnapshotListingAGuestRunningElsewhereIsSplitBrainToo() {
        Event first = history.emit("n2", new GuestEvent.Started("vm:101", 100));
        Event snapshot = history.emit("n3", EventHistory.snapshot("1.1", List.of("n2", "n3"), 3, 1, null, Map.of(),
                List.of("vm:101")));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(ids(first, snapshot), violations.get(0).events());
    }

    // ---- 2: no write without a majority

    @Test
    void anUnsafeWriteIsAlwaysReported() {
        Event write = history.emit("n1", new ConfigEvent.UnsafeWrite("write", "datacenter.cfg", 20, 12));
        List<Violation> violations = check();
        assertEquals(1, violations.size());
        assertEquals(NoWriteWithoutMajority.NAME, violations.get(0).invariant());
        assertEquals(ids(write), violations.get(0).events());
    }

    @Test
    void aLeaderCommittingItsOwnProposalWithoutQuorumIsReportedButFollowersApplyingAreNot() {
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.emit("n1", new ConfigEvent.Proposed(7, 1, "write", "a.cfg", 1, "n1"));
        history.emit("n2", lost());
        history.emit("n2", new ConfigEvent.Committed(7, "write", "a.cfg", 1, "n1")); // a follower applying: fine
        history.emit("n1", new ConfigEvent.Committed(7, "write", "a.cfg", 1, "n1"));
        assertEquals(List.of(), check());

        history.emit("n1", lost());
        Event proposal = history.emit("n1", new ConfigEvent.Proposed(8, 1, "write", "b.cfg", 1, "n1"));
        Event commit = history.emit("n1", new ConfigEvent.Committed(8, "write", "b.cfg", 1, "n1"));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(ids(proposal, commit), violations.get(0).events());
        assertTrue(violations.get(0).message().contains("while its view was not quorate"));
    }

    @Test
    void aLeadersOwnCountDecidesWhenTheEventCarriesIt() {
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.emit("n1", lost()); // a view change a moment after a majority stored the entry: no fault
        history.emit("n1", new ConfigEvent.Proposed(10, 1, "write", "a.cfg", 1, "n1"));
        history.emit("n1", new ConfigEvent.Committed(10, "write", "a.cfg", 1, "n1", 2, 3));
        assertEquals(List.of(), check());

        Event proposal = history.emit("n1", new ConfigEvent.Proposed(11, 1, "write", "b.cfg", 1, "n1"));
        Event commit = history.emit("n1", new ConfigEvent.Committed(11, "write", "b.cfg", 1, "n1", 1, 3));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(ids(proposal, commit), violations.get(0).events());
        assertTrue(violations.get(0).message().contains("stored by 1 of 3 voters, not a majority"), violations.get(0).message());
    }

    @Test
    void twoDifferentWritesCommittedAtOneVersionAreAFork() {
        Event a = history.emit("n1", new ConfigEvent.Committed(9, "write", "a.cfg", 1, "n1"));
        history.emit("n2", new ConfigEvent.Committed(9, "write", "a.cfg", 1, "n1"));
        Event b = history.emit("n3", new ConfigEvent.Committed(9, "write", "b.cfg", 1, "n3"));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(ids(a, b), violations.get(0).events());
    }

    private static QuorumEvent.Lost lost() {
        return new QuorumEvent.Lost("1.2", new QuorumEvent.Votes(3, 3, 1, 2, List.of()));
    }

    // ---- 3: fence before recover

    private Event failNodeN3() {
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "", "started", "n3", ""));
        history.emit("n3", new GuestEvent.Started("vm:101", 100));
        history.emit("n1", new HaEvent.NodeStateChanged("n3", "online", "unknown"));
        return history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "started", "fence", "n3", ""));
    }

    @Test
    void recoveryElsewhereWithoutAFenceAcknowledgementIsReported() {
        failNodeN3();
        Event recovery = history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "fence", "recovery", "n3", ""));
        Event started = history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "recovery", "started", "n2", ""));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(FenceBeforeRecover.NAME, violations.get(0).invariant());
        assertEquals(ids(recovery, started), violations.get(0).events());
    }

    @Test
    void anAcknowledgementFromAnEarlierFenceDoesNotCount() {
        Event oldAck = history.emit("n1", new FenceEvent.Succeeded("n3", "ipmi", 100));
        failNodeN3();
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "fence", "recovery", "n3", ""));
        Event started = history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "recovery", "started", "n2", ""));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(oldAck.id(), violations.get(0).events().get(0));
        assertEquals(started.id(), violations.get(0).events().get(2));
    }

    @Test
    void recoveryAfterTheAcknowledgementIsFine() {
        failNodeN3();
        history.emit("n1", new FenceEvent.Requested("n3", "ipmi", "gone"));
        history.emit("n1", new FenceEvent.Succeeded("n3", "ipmi", 100));
        history.emit("n1", new HaEvent.NodeStateChanged("n3", "fence", "unknown"));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "fence", "recovery", "n3", ""));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "recovery", "started", "n2", ""));
        history.emit("n2", new GuestEvent.Started("vm:101", 100));
        assertEquals(List.of(), check());
    }

    @Test
    void aRecoveryWhoseFencePredatesTheHistoryIsNotJudged() {
        history.emit("n1", new SnapshotEvent.View(SnapshotEvent.PERIODIC, "1.2", List.of("n1", "n2"), true, 3, 2, 2, 10, "n1",
                "n1", "active", Map.of("vm:101", new SnapshotEvent.ServiceView("recovery", "n3")), Map.of(), List.of()));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "recovery", "started", "n2", ""));
        assertEquals(List.of(), check());
    }

    // ---- 5: contiguous sequences

    @Test
    void aGapInANodesSequenceIsLossNamingTheEventsAroundIt() {
        history.emit("n2", new HeartbeatEvent.Sent(1, "n1"));
        Event before = history.emit("n2", new HeartbeatEvent.Sent(1, "n1"));
        history.lose("n2", 3);
        Event after = history.emit("n2", new HeartbeatEvent.Sent(1, "n1"));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(ContiguousSequences.NAME, violations.get(0).invariant());
        assertEquals("n2 incarnation 1: seqs 3..5 are missing", violations.get(0).message());
        assertEquals(ids(before, after), violations.get(0).events());
    }

    @Test
    void aNewIncarnationMustStartAtOneButAHistoryMayStartAnywhere() {
        history.lose("n1", 99);
        history.emit("n1", new HeartbeatEvent.Sent(2, "n2")); // first sight at seq 100: the history starts here
        history.restart("n1");
        history.emit("n1", new NodeEvent.Started(1, "0.1.0", "x"));
        assertEquals(List.of(), check());

        Event last = history.emit("n1", new HeartbeatEvent.Sent(2, "n2"));
        history.restart("n1").lose("n1", 1);
        Event first = history.emit("n1", new HeartbeatEvent.Sent(2, "n2"));
        List<Violation> violations = check();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals("n1 incarnation 3 started within the history but seq 1 is missing", violations.get(0).message());
        assertEquals(ids(last, first), violations.get(0).events());
    }

    @Test
    void checkersSeeTheStateBeforeTheEvent() {
        Consumer<Violation> none = violation -> {
            throw new AssertionError(violation.toString());
        };
        ClusterState state = new ClusterState();
        Event start = history.emit("n2", new GuestEvent.Started("vm:101", 100));
        new NoResourceOnTwoNodes().inspect(start, state, none);
        state.apply(start);
        new NoResourceOnTwoNodes().inspect(history.emit("n2", new GuestEvent.Started("vm:101", 100)), state, none);
    }
}
