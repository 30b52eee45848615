package io.quorate.events.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.LockEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.WatchdogEvent;
import io.quorate.events.testing.EventHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
    private final EventHistory history = new EventHistory(Instant.parse("2026-11-25T10:00:00Z"));

    private ClusterState fold() {
        ClusterState state = new ClusterState();
        history.events().forEach(state::apply);
        return state;
    }

    @Test
    void eachNodeKeepsItsOwnViewOfMembershipAndQuorum() {
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.after(Duration.ofSeconds(5));
        history.agreedView("1.2", 3, "n1", "n2");
        history.emit("n3", new MembershipEvent.MemberLeft(1, "n1", "1.3", "failed"));
        history.emit("n3", new MembershipEvent.MemberLeft(2, "n2", "1.3", "failed"));
        history.emit("n3", new QuorumEvent.Lost("1.3", new QuorumEvent.Votes(3, 3, 1, 2, List.of())));

        ClusterState state = fold();
        assertEquals("1.2", state.node("n1").ringId());
        assertEquals(List.of("n1", "n2"), state.node("n2").members());
        assertEquals(Quorate.YES, state.node("n1").quorate());
        assertEquals(2, state.node("n1").totalVotes());
        assertEquals(List.of("n3"), state.node("n3").members(), "n3 sees itself alone");
        assertEquals("1.3", state.node("n3").ringId());
        assertEquals(Quorate.NO, state.node("n3").quorate());
        assertEquals(2, state.node("n3").quorum());
    }

    @Test
    void voteTalliesAndExpectedVotesMoveTheNodesNumbers() {
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.emit("n1", new QuorumEvent.VoteWithdrawn(3, "n3", 1));
        history.emit("n1", new QuorumEvent.ExpectedChanged(3, 1, 1, "admin"));
        NodeView n1 = fold().node("n1");
        assertEquals(2, n1.totalVotes());
        assertEquals(1, n1.expectedVotes());
        assertEquals(1, n1.quorum());
    }

    @Test
    void configVersionsCrmMasterAndLrmStatesFollowTheirEvents() {
        history.emit("n1", new ConfigEvent.LeaderChanged(2, 1, "n1"));
        history.emit("n1", new ConfigEvent.Committed(41, "write", "a.cfg", 3, "n1"));
        history.emit("n2", new ConfigEvent.Committed(40, "write", "b.cfg", 3, "n1"));
        history.emit("n3", new ConfigEvent.SnapshotInstalled(42, 100, 3));
        history.emit("n1", new HaEvent.CrmStateChanged("slave", "master", 7));
        history.emit("n2", new HaEvent.LrmStateChanged("wait_for_agent_lock", "active", 8));

        ClusterState state = fold();
        assertEquals(41, state.node("n1").configVersion());
        assertEquals("n1", state.node("n1").configLeader());
        assertEquals(40, state.node("n2").configVersion());
        assertEquals(42, state.configVersion(), "the highest version any node has");
        assertEquals("n1", state.crmMaster());
        assertEquals("active", state.node("n2").lrmState());

        history.emit("n1", new HaEvent.CrmStateChanged("master", "lost_manager_lock", 7));
        assertNull(fold().crmMaster());
    }

    @Test
    void aSnapshotReplacesTheNodesViewAndSeedsResourcesLocksAndGuests() {
        history.emit("n2", new QuorumEvent.Lost("1.0", new QuorumEvent.Votes(3, 3, 1, 2, List.of())));
        history.emit("n2", EventHistory.snapshot("1.8", List.of("n1", "n2", "n3"), 3, 120, "n1",
                Map.of("vm:101", "n2", "vm:102", "n3"), List.of("vm:101")));

        ClusterState state = fold();
        NodeView n2 = state.node("n2");
        assertEquals("1.8", n2.ringId());
        assertEquals(Quorate.YES, n2.quorate());
        assertEquals(3, n2.totalVotes());
        assertEquals(120, n2.configVersion());
        assertEquals("active", n2.lrmState());
        assertEquals("n1", state.crmMaster());
        assertEquals("started", state.service("vm:102").state());
        assertEquals("n3", state.service("vm:102").node());
        assertTrue(state.service("vm:102").fromSnapshot());
        assertEquals("n1", state.locks().get("ha_manager_lock").holder());
        assertEquals(Map.of("n2", new GuestRun("vm:101", "n2", "n2/1/2")), state.guestRuns("vm:101"));
    }

    @Test
    void onceServiceEventsWereSeenOnlyTheMastersSnapshotReplacesTheResourceTable() {
        history.emit("n1", new HaEvent.CrmStateChanged("slave", "master", 1));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "started", "migrate", "n2", "n3"));
        // a lagging node's snapshot still has the old placement: it must not win
        history.emit("n3", EventHistory.snapshot("1.8", List.of("n1", "n2", "n3"), 3, 100, "n1", Map.of("vm:101", "n2"), List.of()));
        assertEquals("migrate", fold().service("vm:101").state());
        assertEquals("n3", fold().service("vm:101").target());

        history.emit("n1", EventHistory.snapshot("1.8", List.of("n1", "n2", "n3"), 3, 101, "n1", Map.of("vm:101", "n3"), List.of()));
        assertEquals(new ServiceStatus("started", "n3", null, "n1/1/3", true, -1), fold().service("vm:101"));

        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "started", "removed", "n3", ""));
        assertNull(fold().service("vm:101"));
    }

    @Test
    void aFenceRunsFromRequestToAcknowledgementAndEndsTheNodesGuests() {
        history.emit("n3", new GuestEvent.Started("vm:101", 100));
        history.emit("n3", new GuestEvent.Started("vm:102", 100));
        history.emit("n1", new HaEvent.NodeStateChanged("n3", "unknown", "fence"));
        history.emit("n1", new FenceEvent.Requested("n3", "ipmi", "gone"));
        history.emit("n1", new FenceEvent.Failed("n3", "ipmi", "timeout", 5000));
        ClusterState during = fold();
        assertEquals(List.of("n3"), List.copyOf(during.fencesInProgress().keySet()), "a failed hardware fence is still in progress");
        assertEquals("n1/1/1", during.fencesInProgress().get("n3").requestedBy());
        assertEquals(2, during.runningGuests().size());

        Event ack = history.emit("n1", new HaEvent.NodeStateChanged("n3", "fence", "unknown"));
        ClusterState after = fold();
        assertTrue(after.fencesInProgress().isEmpty());
        assertEquals(ack.id(), after.lastFenceAck("n3").eventId());
        assertTrue(after.runningGuests().isEmpty(), "the fenced node runs nothing");
        assertEquals("unknown", after.haNodeStates().get("n3"));
    }

    @Test
    void guestsStopDieOrGoWithTheWatchdog() {
        history.emit("n2", new GuestEvent.Started("vm:101", 100));
        history.emit("n2", new GuestEvent.Started("vm:102", 100));
        history.emit("n2", new GuestEvent.Started("vm:103", 100));
        history.emit("n3", new GuestEvent.Started("vm:104", 100));
        history.emit("n2", new GuestEvent.Stopped("vm:101", "request_stop"));
        history.emit("n2", new GuestEvent.Died("vm:102"));
        assertEquals(List.of("vm:103", "vm:104"), List.copyOf(fold().runningGuests().keySet()));
        history.emit("n2", new WatchdogEvent.Fired("fired while away"));
        history.emit("n3", new FenceEvent.Succeeded("n9", "ipmi", 10));
        assertEquals(List.of("vm:104"), List.copyOf(fold().runningGuests().keySet()));
    }

    @Test
    void lockEchoesOfOlderEpochsDoNotWin() {
        history.emit("n1", new LockEvent.Acquired("ha_manager_lock", "n1", 10));
        history.emit("n2", new LockEvent.Acquired("ha_manager_lock", "n2", 20));
        history.emit("n3", new LockEvent.Acquired("ha_manager_lock", "n1", 10)); // n3 applying the log late
        assertEquals(new LockHold("ha_manager_lock", "n2", 20), fold().locks().get("ha_manager_lock"));
        history.emit("n1", new LockEvent.Lost("ha_manager_lock", 10, "taken over by n2"));
        assertEquals("n2", fold().locks().get("ha_manager_lock").holder(), "n1 losing its old hold does not drop n2's");
        history.emit("n2", new LockEvent.Released("ha_manager_lock", "n2", 20));
        assertTrue(fold().locks().isEmpty());
    }

    @Test
    void aNewIncarnationStartsTheNodesViewAfreshAndStoppingMarksItDown() {
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.emit("n2", new HaEvent.CrmStateChanged("slave", "master", 3));
        history.emit("n2", new NodeEvent.Stopping(2, "shutdown"));
        assertNotNull(fold().crmMaster());
        assertTrue(!fold().node("n2").up());

        history.restart("n2");
        history.emit("n2", new NodeEvent.Started(2, "0.1.0", "127.0.0.1:5405"));
        ClusterState state = fold();
        NodeView n2 = state.node("n2");
        assertEquals(2, n2.incarnation());
        assertEquals(1, n2.lastSeq());
        assertTrue(n2.up());
        assertNull(n2.ringId());
        assertEquals(Quorate.NO, n2.quorate(), "a fresh process has no quorum until it gains it");
        assertNull(state.crmMaster(), "the restarted master is master no more");
    }

    @Test
    void theSummaryIsAnImmutableSortedCopy() {
        history.agreedView("1.1", 3, "n2", "n1");
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:102", "", "started", "n2", ""));
        history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "", "stopped", "n1", ""));
        StateSummary summary = fold().summary();
        assertEquals(List.of("n1", "n2"), summary.nodes().stream().map(StateSummary.NodeSummary::name).toList());
        assertEquals(List.of("vm:101", "vm:102"), List.copyOf(summary.services().keySet()));
        assertEquals(new StateSummary.ServiceSummary("started", "n2", null), summary.services().get("vm:102"));
        assertEquals(history.size(), summary.events());
        assertEquals(Quorate.YES, summary.node("n2").quorate());
    }

    @Test
    void foldingIsDeterministic() {
        List<Event> events = io.quorate.events.testing.SyntheticCluster.generate(3, 6, 50_000, 7);
        ClusterState a = new ClusterState();
        ClusterState b = new ClusterState();
        events.forEach(a::apply);
        events.forEach(b::apply);
        assertEquals(a.summary(), b.summary());
    }
}
