package io.quorate.chaos.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.metrics.ChaosMetrics;
import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.Verdict;
import io.quorate.chaos.testing.SampleRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosSchedulerTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime TWO_AM = ZonedDateTime.of(LocalDateTime.parse("2026-11-25T02:00:10"), ZONE);

    @TempDir
    Path experiments;
    @TempDir
    Path state;

    private final List<String> executed = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ChaosMetrics metrics = new ChaosMetrics();
    private final StringWriter log = new StringWriter();

    /** Stands in for the runner: one run at a time or it fails the test, a report file, the listeners told as the runner tells them. */
    private final ExperimentExecutor fake = (experiment, runDir, listeners) -> {
        assertEquals(1, inFlight.incrementAndGet(), "runs of one cluster overlap");
        try {
            executed.add(experiment.name());
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("report.json"), "{}");
            Instant started = Instant.parse("2026-11-25T01:00:10Z");
            RunReport report = SampleRuns.report(runDir.getFileName().toString(), experiment.name().equals("b") ? Verdict.failed : Verdict.passed,
                    started, started.plusSeconds(60), 8_000);
            listeners.forEach(listener -> listener.runFinished(report));
            return report;
        } finally {
            inFlight.decrementAndGet();
        }
    };

    private void write(String file, String title, String schedule) throws IOException {
        Files.writeString(experiments.resolve(file), SampleRuns.yaml(title, schedule));
    }

    private ChaosScheduler scheduler(ZonedDateTime now, int keep, ExperimentExecutor executor) throws IOException {
        return new ChaosScheduler(new ChaosScheduler.Settings(new ExperimentDirectory(experiments), new RunHistory(state), keep,
                Clock.fixed(now.toInstant(), ZONE)), executor, metrics, new ScheduleLog(new PrintWriter(log), false));
    }

    @BeforeEach
    void directory() throws IOException {
        write("a.yaml", "A", "0 2 * * *");
        write("b.yaml", "B", "0 2 * * *");
        write("later.yaml", "Later", "0 3 * * *");
        write("unscheduled.yaml", "No schedule", null);
        Files.writeString(experiments.resolve("broken.yaml"), "title: Broken\n");
        Files.writeString(experiments.resolve("notes.txt"), "not an experiment");
    }

    @Test
    void onceRunsWhatIsDueOneAtATimePerClusterAndRecordsIt() throws Exception {
        List<HistoryEntry> runs = scheduler(TWO_AM, 20, fake).runDueNow();

        assertEquals(List.of("a", "b"), executed);
        String text = log.toString();
        assertTrue(text.contains("2026-11-25T02:00:10+01:00 read " + experiments + ": 3 scheduled, 2 ignored\n"), text);
        assertTrue(text.contains("  unscheduled.yaml: no schedule: ignored\n"), text);
        assertTrue(text.contains("  broken.yaml: invalid, "), text);
        assertTrue(text.contains("  a: schedule '0 2 * * *' on new labs\n"), text);
        assertTrue(text.contains("2026-11-25T02:00:10+01:00 start a (scheduled 2026-11-25T02:00:00+01:00) on new labs\n"), text);
        assertTrue(text.contains("2026-11-25T02:00:10+01:00 delayed b (scheduled 2026-11-25T02:00:00+01:00): new labs is busy with a\n"), text);
        assertTrue(text.contains("2026-11-25T02:00:10+01:00 start b (scheduled 2026-11-25T02:00:00+01:00, delayed) on new labs\n"), text);
        assertTrue(text.contains("finished b: failed (SLO missed) in " + state.resolve("runs/20261125T010010Z-b")), text);
        assertFalse(text.contains("start later"), "not due: " + text);

        List<HistoryEntry> history = new RunHistory(state).read(problem -> { });
        assertEquals(runs, history);
        assertEquals(new HistoryEntry("a", experiments.resolve("a.yaml").toString(), "20261125T010010Z-a",
                state.resolve("runs/20261125T010010Z-a").toString(), "passed", "all good", "2026-11-25T02:00:00+01:00",
                "2026-11-25T01:00:10Z", "2026-11-25T01:01:10Z"), history.get(0));
        assertTrue(Files.exists(state.resolve("runs/20261125T010010Z-a/report.json")));
        assertTrue(metrics.scrape().contains("quorate_chaos_runs_total{experiment=\"b\",verdict=\"failed\"} 1.0"), metrics.scrape());
    }

    @Test
    void aRestartWithinTheMinuteDoesNotRunAgain() throws Exception {
        scheduler(TWO_AM, 20, fake).runDueNow();
        executed.clear();
        assertEquals(List.of(), scheduler(TWO_AM.plusSeconds(30), 20, fake).runDueNow());
        assertEquals(List.of(), executed);
    }

    @Test
    void onlyTheLastRunsOfAnExperimentAreKept() throws Exception {
        experiments.resolve("b.yaml").toFile().delete();
        for (int day = 0; day < 3; day++) {
            scheduler(TWO_AM.plusDays(day), 2, fake).runDueNow();
        }
        List<HistoryEntry> history = new RunHistory(state).read(problem -> { });
        assertEquals(List.of("20261126T010010Z-a", "20261127T010010Z-a"), history.stream().map(HistoryEntry::run).toList());
        assertFalse(Files.exists(state.resolve("runs/20261125T010010Z-a")), "the oldest run's directory is deleted");
        assertTrue(Files.exists(state.resolve("runs/20261127T010010Z-a")));
        assertTrue(log.toString().contains("deleted " + state.resolve("runs/20261125T010010Z-a") + " (keeping the last 2 runs of a)"),
                log.toString());
    }

    @Test
    void runsMissedWhileTheServiceWasDownAreLoggedNotReplayed() throws Exception {
        experiments.resolve("b.yaml").toFile().delete();
        scheduler(TWO_AM, 20, fake).runDueNow();
        executed.clear();

        scheduler(TWO_AM.plusDays(3).plusHours(5), 20, fake).runDueNow();

        assertEquals(List.of("a"), executed, "the latest fire time runs, late");
        assertTrue(log.toString().contains("missed a 2 runs scheduled 2026-11-26T02:00:00+01:00 .. 2026-11-27T02:00:00+01:00: "), log.toString());
    }

    @Test
    void aRunThatThrowsIsRecordedAsAborted() throws Exception {
        experiments.resolve("b.yaml").toFile().delete();
        List<HistoryEntry> runs = scheduler(TWO_AM, 20, (experiment, runDir, listeners) -> {
            throw new IOException("disk full");
        }).runDueNow();
        assertEquals("aborted", runs.get(0).verdict());
        assertEquals("IOException: disk full", runs.get(0).reason());
    }

    @Test
    void servingRunsOneClusterInTurnAndAStopInterruptsTheRunInProgress() throws Exception {
        write("c.yaml", "C", "0 2 * * *");
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        ChaosScheduler scheduler = scheduler(TWO_AM, 20, (experiment, runDir, listeners) -> {
            if (experiment.name().equals("c")) {
                blocked.countDown();
                new java.util.concurrent.CountDownLatch(1).await(); // a long run: until interrupted
            }
            return fake.run(experiment, runDir, listeners);
        });
        Thread serving = new Thread(() -> {
            try {
                scheduler.serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        serving.start();
        assertTrue(io.quorate.runtime.Poll.until(java.time.Duration.ofSeconds(20), java.time.Duration.ofMillis(20),
                () -> blocked.getCount() == 0), "a and b ran, then c started");

        scheduler.stop(java.time.Duration.ofSeconds(10));
        serving.join(10_000);

        assertFalse(serving.isAlive());
        List<HistoryEntry> history = new RunHistory(state).read(problem -> { });
        assertEquals(List.of("a:passed", "b:failed", "c:aborted"), history.stream().map(e -> e.experiment() + ":" + e.verdict()).toList());
        assertEquals("stopped by the scheduler's shutdown", history.get(2).reason());
        assertTrue(log.toString().contains("stopping: interrupting 1 run(s) in progress, their faults are healed"), log.toString());
    }
}
