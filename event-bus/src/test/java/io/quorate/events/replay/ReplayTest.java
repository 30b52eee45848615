package io.quorate.events.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.ChaosEvent;
import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.GuestEvent;
import io.quorate.events.HybridClock;
import io.quorate.events.SnapshotEvent;
import io.quorate.events.check.NoResourceOnTwoNodes;
import io.quorate.events.fold.Quorate;
import io.quorate.events.fold.StateSummary;
import io.quorate.events.testing.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final Instant FROM = Instant.parse("2026-11-25T10:00:38Z");
    private static final Instant TO = Instant.parse("2026-11-25T10:01:20Z");

    private static ReplayReport replay(List<Event> events, Instant at) {
        return Replay.run(events, new ReplayWindow(FROM, TO, at), ReadCounts.NONE);
    }

    @Test
    void eachNodeIsFoldedFromItsLastSnapshotBeforeTheWindow() {
        List<Event> events = Incident.events();
        List<Event> history = ReplayStart.history(events, new ReplayWindow(FROM, TO, null));
        for (String node : List.of("n1", "n2", "n3")) {
            Event first = history.stream().filter(e -> e.node().equals(node)).findFirst().orElseThrow();
            assertTrue(first.data() instanceof SnapshotEvent.View, node + " starts at a snapshot: " + first);
            assertEquals(Instant.parse("2026-11-25T10:00:35Z"), first.time(), node);
        }
        assertTrue(history.stream().noneMatch(e -> CausalOrder.instant(e).isAfter(TO)));
        List<Event> sorted = new ArrayList<>(history);
        sorted.sort(HybridClock.EVENT_ORDER);
        assertEquals(sorted, history, "merged in causal order");
    }

    @Test
    void atReconstructsTheClusterStateAtThatInstant() {
        ReplayReport during = replay(Incident.events(), Instant.parse("2026-11-25T10:00:45Z"));
        StateSummary fencing = during.stateAt();
        assertEquals("n1", fencing.crmMaster());
        assertEquals(List.of("n3"), fencing.fencing());
        assertEquals(new StateSummary.ServiceSummary("fence", "n3", null), fencing.services().get("vm:101"));
        assertEquals(List.of("n1", "n2"), fencing.node("n1").members());
        assertEquals("1.2", fencing.node("n2").ringId());
        assertEquals(Quorate.YES, fencing.node("n1").quorate());
        assertEquals(2, fencing.node("n1").totalVotes());
        assertEquals(45, fencing.configVersion());
        assertEquals(List.of("n1", "n2", "n3"), fencing.node("n3").members(), "n3's last view before it died");
        assertEquals(List.of("n3"), fencing.guests().get("vm:101"), "n3 is not proven dead yet");

        StateSummary recovered = replay(Incident.events(), Instant.parse("2026-11-25T10:00:55Z")).stateAt();
        assertEquals(new StateSummary.ServiceSummary("started", "n2", null), recovered.services().get("vm:101"));
        assertEquals(List.of("n2"), recovered.guests().get("vm:101"));
        assertTrue(recovered.fencing().isEmpty());
        assertEquals("n1", recovered.locks().get("ha_manager_lock"));

        StateSummary back = replay(Incident.events(), Instant.parse("2026-11-25T10:01:15Z")).stateAt();
        assertEquals(2, back.node("n3").incarnation());
        assertEquals("1.3", back.node("n3").ringId());
        assertNull(replay(Incident.events(), null).stateAt());
    }

    @Test
    void theTimelineShowsWhatHappenedAndLeavesOutHeartbeatsAndEchoes() {
        ReplayReport report = replay(Incident.events(), null);
        List<String> lines = report.timeline().stream().map(TimelineEntry::line).toList();
        assertTrue(lines.stream().noneMatch(line -> line.contains("heartbeat")), lines::toString);
        assertTrue(lines.contains("2026-11-25T10:00:42.000Z n1 #" + seqOf(report, "n1", "membership.member_left")
                + " membership.member_left n3 left: failed (ring 1.2)"), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.endsWith("fence.succeeded n3 fenced (ipmi, 180 ms)")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.endsWith("ha.service.state_changed vm:101 recovery -> started on n2")));
        assertTrue(lines.stream().anyMatch(line -> line.contains("n3 #1 node.started")), "n3's new incarnation");
        TimelineEntry commits = report.timeline().stream().filter(e -> e.type().equals("config.committed")).findFirst().orElseThrow();
        assertTrue(commits.summary().matches("\\d+ writes?, versions \\d+\\.\\.\\d+: write ha/manager_status x\\d+")
                || commits.summary().matches("version \\d+: write ha/manager_status"), commits.summary());
        long versionsShown = report.timeline().stream().filter(e -> e.type().equals("config.committed")).count();
        assertTrue(versionsShown < 42, "commits are summed up in runs, each version once: " + versionsShown);
        assertTrue(report.timeline().stream().filter(TimelineEntry::fault).anyMatch(e -> e.category() == Category.FENCE));
        assertTrue(report.timeline().stream().allMatch(e -> !e.time().isBefore(FROM) && !e.time().isAfter(TO)));
        assertTrue(report.passed(), report.violations()::toString);
    }

    private static long seqOf(ReplayReport report, String node, String type) {
        return report.timeline().stream().filter(e -> e.node().equals(node) && e.type().equals(type)).findFirst()
                .orElseThrow().seq();
    }

    @Test
    void violationsWithinTheWindowFailTheReplayAndThoseBeforeItDoNot() {
        List<Event> events = new ArrayList<>(Incident.events());
        Event snapshotN2 = events.stream().filter(e -> e.node().equals("n2") && e.data() instanceof SnapshotEvent.View
                && e.time().equals(Instant.parse("2026-11-25T10:00:35Z"))).findFirst().orElseThrow();
        // n2 also starts vm:101 (running on n3) at 10:00:36, before the window, and vm:101 again at 10:00:45, in it
        Event early = at(snapshotN2, 900, Instant.parse("2026-11-25T10:00:36Z"), new GuestEvent.Started("vm:101", 1));
        events.add(early);
        ReplayReport before = replay(events, null);
        assertTrue(before.violations().stream().noneMatch(v -> v.invariant().equals(NoResourceOnTwoNodes.NAME)),
                before.violations()::toString);

        Event late = at(snapshotN2, 901, Instant.parse("2026-11-25T10:00:45Z"), new GuestEvent.Started("vm:102", 1));
        Event onN1 = new Event("n1/1/999", "lab", "n1", 1, 999, Instant.parse("2026-11-25T10:00:46Z"),
                new GuestEvent.Started("vm:102", 1), HybridClock.encode(Instant.parse("2026-11-25T10:00:46Z").toEpochMilli(), 0));
        events.add(late);
        events.add(onN1);
        ReplayReport report = replay(events, null);
        assertFalse(report.passed());
        assertTrue(report.violations().stream().anyMatch(v -> v.invariant().equals(NoResourceOnTwoNodes.NAME)
                && v.events().contains(onN1.id())), report.violations()::toString);
        String text = ReplayText.render(report);
        assertTrue(text.contains("no_resource_on_two_nodes: FAILED"), text);
        assertTrue(text.contains("n1/1/999"), text);
        assertTrue(text.endsWith("violation(s)\n"), text);
    }

    /** An extra event of {@code like}'s node and incarnation, with its own (out of band) sequence number. */
    private static Event at(Event like, long seq, Instant time, EventData data) {
        return new Event(Event.idOf(like.node(), like.incarnation(), seq), like.cluster(), like.node(), like.incarnation(), seq,
                time, data, HybridClock.encode(time.toEpochMilli(), 0));
    }

    @Test
    void theHtmlPageHasALanePerNodeAndMarksFaultsAndFencesWithoutFetchingAnything() {
        String html = HtmlReport.render(replay(Incident.events(), Instant.parse("2026-11-25T10:00:47Z")));
        for (String node : List.of("n1", "n2", "n3")) {
            assertTrue(html.contains("<g class=\"lane\" data-node=\"" + node + "\">"), node);
        }
        assertEquals(3, html.split("<g class=\"lane\"", -1).length - 1);
        assertTrue(html.contains("class=\"fence\""));
        assertTrue(html.contains("class=\"fault\""));
        assertTrue(html.contains("url(#silent)"), "n3 was silent while dead");
        assertTrue(html.contains("State at 2026-11-25T10:00:47.000Z"));
        assertTrue(html.contains("node n3: silent (incarnation 1)"), "n3 was last heard at 10:00:40");
        assertTrue(html.contains("node n1: up (incarnation 1)"));
        for (String fetch : List.of("<script", "src=", "href=", "@import", "<link")) {
            assertFalse(html.contains(fetch), fetch);
        }
    }

    @Test
    void theJsonFormCarriesTheSameFacts() throws Exception {
        ReplayReport report = replay(Incident.events(), Instant.parse("2026-11-25T10:00:55Z"));
        var json = ReplayJson.mapper().readTree(ReplayJson.render(report));
        assertEquals("2026-11-25T10:00:38.000Z", json.path("window").path("from").asText());
        assertEquals("n2", json.path("stateAt").path("services").path("vm:101").path("node").asText());
        assertEquals(report.timeline().size(), json.path("timeline").size());
        assertTrue(json.path("passed").asBoolean());
        assertEquals(4, json.path("invariants").size());
    }

    @Test
    void windowsAreCheckedWithOneLineReasons() {
        assertEquals("--from 2026-11-25T10:01:00.000Z is after --to 2026-11-25T10:00:00.000Z",
                assertThrows(IllegalArgumentException.class,
                        () -> ReplayWindow.parse("2026-11-25T10:01:00Z", "2026-11-25T10:00:00Z", null)).getMessage());
        assertEquals("--to 'yesterday' is not an RFC 3339 time (like 2026-11-25T10:00:00Z)",
                assertThrows(IllegalArgumentException.class,
                        () -> ReplayWindow.parse("2026-11-25T10:01:00Z", "yesterday", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReplayWindow.parse("2026-11-25T10:00:00Z", "2026-11-25T10:01:00Z", "2026-11-25T11:00:00Z"))
                .getMessage().startsWith("--at 2026-11-25T11:00:00.000Z is outside the window"));
        assertEquals(Instant.parse("2026-11-25T09:00:00Z"), Rfc3339.parse("2026-11-25t10:00:00+01:00", "--from"));
    }

    @Test
    void aChaosRunnersEventsShowAsItsOwnLaneOfMarksAndBreakNoInvariant() {
        List<Event> events = new ArrayList<>(Incident.events());
        String run = "r1";
        List<EventData> reported = List.of(new ChaosEvent.RunStarted(run, "kill-n3", "Kill n3", 7),
                new ChaosEvent.FaultApplied(run, 1, "kill", "kill node n3", List.of("n3")),
                new ChaosEvent.FaultHealed(run, 1, "kill", "kill node n3", List.of("n3")),
                new ChaosEvent.RunFinished(run, "kill-n3", "passed", "every check held"));
        List<Instant> at = List.of(FROM, Incident.N3_DIES, Incident.N3_BACK, Instant.parse("2026-11-25T10:01:15Z"));
        for (int i = 0; i < reported.size(); i++) {
            long ms = at.get(i).toEpochMilli();
            events.add(Event.of("lab", "chaos-runner", 1_700_000_000_000L, i + 1, at.get(i), reported.get(i), HybridClock.encode(ms, 0)));
        }

        ReplayReport report = replay(events, Instant.parse("2026-11-25T10:00:45Z"));

        assertTrue(report.passed(), report.violations()::toString);
        List<TimelineEntry> chaos = report.timeline().stream().filter(e -> e.node().equals("chaos-runner")).toList();
        assertEquals(List.of("chaos.run_started", "chaos.fault_applied", "chaos.fault_healed", "chaos.run_finished"),
                chaos.stream().map(TimelineEntry::type).toList());
        assertEquals(List.of(false, true, false, false), chaos.stream().map(TimelineEntry::fault).toList(), "an applied fault is a fault");
        assertTrue(chaos.stream().allMatch(e -> e.category() == Category.CHAOS));
        assertEquals("fault #1 applied: kill node n3", chaos.get(1).summary());
        assertNull(report.stateAt().node("chaos-runner"), "the runner is not a member");
        assertNull(report.finalState().node("chaos-runner"));
        Lane lane = report.lanes().get(report.lanes().size() - 1);
        assertEquals("chaos-runner", lane.node());
        assertEquals(List.of(), lane.segments());
        assertEquals(chaos, lane.marks());
    }
}
