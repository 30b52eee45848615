package io.quorate.chaos.schedule;

import io.quorate.chaos.metrics.ChaosMetrics;
import io.quorate.chaos.run.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code quorate chaos schedule}: runs the experiments of a directory on their cron schedules, around a
 * {@link ScheduleDecider} that takes every decision. This class only carries them out: it re-reads the
 * directory at each tick (every minute, and whenever a run ends), starts runs (one thread each), and
 * when one ends appends it to the history, prunes old runs and logs it. The history file and the log
 * are written from the scheduler's thread only.
 */
public final class ChaosScheduler {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param keep  runs kept per experiment ({@code --history})
     * @param clock the time the schedule is read in (its zone is the cron zone); a test's fixed clock
     */
    public record Settings(ExperimentDirectory experiments, RunHistory history, int keep, Clock clock) {
    }

    private record Finished(ScheduledExperiment experiment, HistoryEntry entry) {
    }

    private record Running(String experiment, Thread thread) {
    }

    private final Settings settings;
    private final ExperimentExecutor executor;
    private final ChaosMetrics metrics;
    private final ScheduleLog log;
    private final ScheduleDecider decider;
    private final Map<String, Running> running = new HashMap<>();
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final List<HistoryEntry> finishedRuns = new ArrayList<>();
    private List<String> lastDirectoryLines = List.of();
    private volatile Thread serving;
    private volatile boolean stopping;

    public ChaosScheduler(Settings settings, ExperimentExecutor executor, ChaosMetrics metrics, ScheduleLog log) throws IOException {
        this.settings = settings;
        this.executor = executor;
        this.metrics = metrics;
        this.log = log;
        this.decider = new ScheduleDecider(settings.history().lastScheduled(problem -> log.line(now(), "warning", null, problem)));
    }

    /**
     * {@code --once}: runs every experiment due now, one after another (those of one cluster in turn),
     * and returns them as the history recorded them.
     */
    public List<HistoryEntry> runDueNow() throws IOException, InterruptedException {
        ZonedDateTime now = now(); // one instant: runs taking minutes do not make more runs due
        do {
            List<ScheduledExperiment> experiments = scan(now);
            List<ScheduleDecision> decisions = decider.tick(now, experiments, Map.of());
            decisions.forEach(decision -> log.decision(now, decision));
            for (ScheduleDecision decision : decisions) {
                if (decision instanceof ScheduleDecision.Start start && !stopping) {
                    ScheduledExperiment experiment = find(experiments, start.experiment());
                    record(new Finished(experiment, execute(experiment, start)));
                }
            }
        } while (decider.anyWaiting() && !stopping);
        return List.copyOf(finishedRuns);
    }

    /** Runs the schedule until {@link #stop}; runs of different clusters may overlap. */
    public void serve() throws IOException, InterruptedException {
        serving = Thread.currentThread();
        try {
            while (!stopping) {
                ZonedDateTime now = now();
                List<ScheduledExperiment> experiments = scan(now);
                Map<String, String> busy = new HashMap<>();
                synchronized (running) {
                    running.forEach((cluster, run) -> busy.put(cluster, run.experiment()));
                }
                for (ScheduleDecision decision : decider.tick(now, experiments, busy)) {
                    log.decision(now, decision);
                    if (decision instanceof ScheduleDecision.Start start) {
                        startInBackground(find(experiments, start.experiment()), start);
                    }
                }
                awaitTick(now);
            }
        } catch (InterruptedException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            serving = null;
        }
    }

    /**
     * Stops: no new run starts; runs in progress are interrupted, heal their faults and end as aborted
     * (waited for up to {@code grace}, their history recorded).
     */
    public void stop(Duration grace) {
        stopping = true;
        Thread loop = serving;
        if (loop != null) {
            loop.interrupt();
        }
        List<Running> runs;
        synchronized (running) {
            runs = List.copyOf(running.values());
        }
        log.line(now(), "stopping", null, "stopping" + (runs.isEmpty() ? "" : ": interrupting " + runs.size()
                + " run(s) in progress, their faults are healed"));
        runs.forEach(run -> run.thread().interrupt());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Running run : runs) {
            try {
                run.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        drainFinished();
    }

    private void startInBackground(ScheduledExperiment experiment, ScheduleDecision.Start start) {
        Thread thread = new Thread(() -> finished.add(new Finished(experiment, execute(experiment, start))), "chaos-run-" + experiment.name());
        synchronized (running) {
            running.put(experiment.cluster(), new Running(experiment.name(), thread));
        }
        thread.start();
    }

    /** Waits for the next minute (as the clock counts) or the end of a run, whichever comes first. */
    private void awaitTick(ZonedDateTime now) throws InterruptedException {
        long untilNextMinute = Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1)).toMillis() + 50;
        Finished done = finished.poll(Math.max(50, untilNextMinute), TimeUnit.MILLISECONDS);
        if (done != null) {
            record(done);
            drainFinished();
        }
    }

    private void drainFinished() {
        for (Finished done = finished.poll(); done != null; done = finished.poll()) {
            record(done);
        }
    }

    private HistoryEntry execute(ScheduledExperiment experiment, ScheduleDecision.Start start) {
        Instant startedAt = settings.clock().instant();
        Path runDir = runDir(experiment.name(), startedAt);
        String verdict;
        String reason;
        String started = ScheduleTimes.format(startedAt, settings.clock().getZone());
        String ended;
        try {
            RunReport report = executor.run(experiment, runDir, List.of(metrics.listenerFor(experiment.name())));
            verdict = report.verdict().name();
            reason = report.reason();
            started = report.started();
            ended = report.ended();
        } catch (InterruptedException e) {
            verdict = "aborted";
            reason = "stopped by the scheduler's shutdown";
            ended = ScheduleTimes.format(settings.clock().instant(), settings.clock().getZone());
        } catch (Exception e) {
            verdict = "aborted";
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            ended = ScheduleTimes.format(settings.clock().instant(), settings.clock().getZone());
        }
        return new HistoryEntry(experiment.name(), experiment.file().toString(), runDir.getFileName().toString(), runDir.toString(), verdict,
                reason, ScheduleTimes.format(start.scheduled()), started, ended);
    }

    /** {@code runs/<time>-<name>}, made unique should two runs start within one second. */
    private Path runDir(String name, Instant startedAt) {
        Path base = settings.history().runsDir().resolve(RUN_TIME.format(startedAt) + "-" + name);
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = base.resolveSibling(base.getFileName() + "-" + i);
        }
        return dir;
    }

    private void record(Finished done) {
        synchronized (running) {
            running.remove(done.experiment().cluster());
        }
        HistoryEntry entry = done.entry();
        ZonedDateTime now = now();
        log.line(now, "finished", entry.experiment(), "finished " + entry.experiment() + ": " + entry.verdict() + " (" + entry.reason()
                + ") in " + entry.runDir());
        finishedRuns.add(entry);
        try {
            settings.history().append(entry);
            for (Path deleted : settings.history().prune(entry.experiment(), settings.keep(), problem -> log.line(now, "warning", null, problem))) {
                log.line(now, "pruned", entry.experiment(), "deleted " + deleted + " (keeping the last " + settings.keep() + " runs of "
                        + entry.experiment() + ")");
            }
        } catch (IOException e) {
            log.line(now, "error", entry.experiment(), "cannot update the history in " + settings.history().index() + ": " + e.getMessage());
        }
    }

    /** The directory's scheduled experiments; what it holds is logged when it changed since the last tick. */
    private List<ScheduledExperiment> scan(ZonedDateTime now) throws IOException {
        ExperimentDirectory.Scan scan = settings.experiments().scan();
        List<String> lines = new ArrayList<>();
        for (ScheduledExperiment experiment : scan.scheduled()) {
            lines.add(experiment.name() + ": schedule '" + experiment.schedule() + "' on " + experiment.cluster());
        }
        lines.addAll(scan.ignored());
        if (!lines.equals(lastDirectoryLines)) {
            log.line(now, "directory", null, "read " + settings.experiments().dir() + ": " + scan.scheduled().size() + " scheduled, "
                    + scan.ignored().size() + " ignored");
            lines.forEach(line -> log.line(now, "directory", null, "  " + line));
            lastDirectoryLines = lines;
        }
        return scan.scheduled();
    }

    private static ScheduledExperiment find(List<ScheduledExperiment> experiments, String name) {
        return experiments.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(settings.clock());
    }
}
