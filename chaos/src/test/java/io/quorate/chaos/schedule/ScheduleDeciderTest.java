package io.quorate.chaos.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.testing.SampleRuns;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleDeciderTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime at(String localTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-25T" + localTime), ZONE);
    }

    private static ScheduledExperiment experiment(String name, String cron, String cluster) {
        return new ScheduledExperiment(name, Path.of(name + ".yaml"), SampleRuns.experiment(name), CronSchedule.parse(cron), cluster);
    }

    private static List<String> lines(List<ScheduleDecision> decisions) {
        return decisions.stream().map(ScheduleDecision::line).toList();
    }

    private final ScheduledExperiment nightly = experiment("nightly", "0 2 * * *", "lab /labs/a");
    private final ScheduledExperiment quarterly = experiment("quarterly", "*/15 * * * *", "lab /labs/a");
    private final ScheduledExperiment elsewhere = experiment("elsewhere", "0 2 * * *", "lab /labs/b");

    @Test
    void anExperimentRunsAtItsFireTimeAndNotAgainWithinIt() {
        ScheduleDecider decider = new ScheduleDecider(Map.of());
        assertEquals(List.of(), decider.tick(at("01:59:30"), List.of(nightly), Map.of()));
        assertEquals(List.of("start nightly (scheduled 2026-11-25T02:00:00+01:00) on lab /labs/a"),
                lines(decider.tick(at("02:00:00.200"), List.of(nightly), Map.of())));
        assertEquals(List.of(), decider.tick(at("02:00:40"), List.of(nightly), Map.of()), "accounted once");
        assertEquals(List.of(), decider.tick(at("02:01:00"), List.of(nightly), Map.of()));
    }

    @Test
    void aServiceStartedWithinTheFireMinuteStillRunsIt() {
        assertEquals(List.of("start nightly (scheduled 2026-11-25T02:00:00+01:00) on lab /labs/a"),
                lines(new ScheduleDecider(Map.of()).tick(at("02:00:30"), List.of(nightly), Map.of())));
        assertEquals(List.of(), new ScheduleDecider(Map.of()).tick(at("02:01:00"), List.of(nightly), Map.of()),
                "a fresh service does not run what was due before it started");
    }

    @Test
    void twoDueOnOneClusterRunOneAfterTheOtherTheSecondLoggedDelayedOnce() {
        ScheduleDecider decider = new ScheduleDecider(Map.of());
        List<ScheduledExperiment> all = List.of(nightly, quarterly, elsewhere);
        assertEquals(List.of(
                        "start elsewhere (scheduled 2026-11-25T02:00:00+01:00) on lab /labs/b",
                        "start nightly (scheduled 2026-11-25T02:00:00+01:00) on lab /labs/a",
                        "delayed quarterly (scheduled 2026-11-25T02:00:00+01:00): lab /labs/a is busy with nightly"),
                lines(decider.tick(at("02:00:00"), all, Map.of())));
        Map<String, String> busy = Map.of("lab /labs/a", "nightly", "lab /labs/b", "elsewhere");
        assertEquals(List.of(), decider.tick(at("02:01:00"), all, busy), "the delay is logged once");
        assertTrue(decider.anyWaiting());

        assertEquals(List.of("start quarterly (scheduled 2026-11-25T02:00:00+01:00, delayed) on lab /labs/a"),
                lines(decider.tick(at("02:07:00"), all, Map.of("lab /labs/b", "elsewhere"))));
        assertFalse(decider.anyWaiting());
    }

    @Test
    void aRunStillWaitingAtItsNextFireTimeIsMissedForThatOne() {
        ScheduleDecider decider = new ScheduleDecider(Map.of());
        Map<String, String> busy = Map.of("lab /labs/a", "nightly");
        decider.tick(at("02:00:00"), List.of(quarterly), busy);
        assertEquals(List.of(
                        "missed quarterly run scheduled 2026-11-25T02:00:00+01:00: still waiting for lab /labs/a when its next fire time came",
                        "delayed quarterly (scheduled 2026-11-25T02:15:00+01:00): lab /labs/a is busy with nightly"),
                lines(decider.tick(at("02:15:00"), List.of(quarterly), busy)));
        assertEquals(List.of("start quarterly (scheduled 2026-11-25T02:15:00+01:00, delayed) on lab /labs/a"),
                lines(decider.tick(at("02:20:00"), List.of(quarterly), Map.of())));
    }

    @Test
    void fireTimesThatPassedWhileTheServiceWasDownAreMissedButTheLatestRuns() {
        ScheduleDecider decider = new ScheduleDecider(Map.of("quarterly", at("00:45:00"), "nightly", at("02:00:00").minusDays(1)));
        assertEquals(List.of(
                        "missed quarterly 4 runs scheduled 2026-11-25T01:00:00+01:00 .. 2026-11-25T01:45:00+01:00: "
                                + "the scheduler was not running then (or its cluster stayed busy) and the next fire time has come",
                        "start nightly (scheduled 2026-11-25T02:00:00+01:00) on lab /labs/a",
                        "delayed quarterly (scheduled 2026-11-25T02:00:00+01:00): lab /labs/a is busy with nightly"),
                lines(decider.tick(at("02:05:00"), List.of(nightly, quarterly), Map.of())),
                "within one period of its fire time a run is late, not missed");
    }

    @Test
    void anExperimentRemovedFromTheDirectoryNoLongerWaits() {
        ScheduleDecider decider = new ScheduleDecider(Map.of());
        decider.tick(at("02:00:00"), List.of(nightly, quarterly), Map.of("lab /labs/a", "other"));
        assertTrue(decider.anyWaiting());
        assertEquals(List.of(), decider.tick(at("02:01:00"), List.of(), Map.of()));
        assertFalse(decider.anyWaiting());
    }

    @Test
    void aSkippedLocalTimeDoesNotFireAndARepeatedOneFiresTwice() {
        ScheduledExperiment at0230 = experiment("dst", "30 2 * * *", "new labs");
        ScheduleDecider spring = new ScheduleDecider(Map.of());
        ZonedDateTime before = ZonedDateTime.of(java.time.LocalDateTime.parse("2026-03-29T01:59:00"), ZONE);
        spring.tick(before, List.of(at0230), Map.of());
        assertEquals(List.of(), spring.tick(before.plusHours(2), List.of(at0230), Map.of()), "02:30 did not exist on 29 March");

        ScheduleDecider autumn = new ScheduleDecider(Map.of());
        ZonedDateTime first = ZonedDateTime.ofLocal(java.time.LocalDateTime.parse("2026-10-25T02:30:00"), ZONE, java.time.ZoneOffset.ofHours(2));
        assertEquals(1, autumn.tick(first, List.of(at0230), Map.of()).size());
        assertEquals(List.of("start dst (scheduled 2026-10-25T02:30:00+01:00) on new labs"),
                lines(autumn.tick(first.plusHours(1), List.of(at0230), Map.of())));
    }
}
