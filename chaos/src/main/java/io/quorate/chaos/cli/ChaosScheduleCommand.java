package io.quorate.chaos.cli;

import io.quorate.chaos.metrics.ChaosMetrics;
import io.quorate.chaos.schedule.ChaosScheduler;
import io.quorate.chaos.schedule.ExperimentDirectory;
import io.quorate.chaos.schedule.ExperimentExecutor;
import io.quorate.chaos.schedule.HistoryEntry;
import io.quorate.chaos.schedule.RunHistory;
import io.quorate.chaos.schedule.ScheduleLog;
import io.quorate.cli.CliException;
import io.quorate.cli.OutputOptions;
import io.quorate.exporter.ExporterServer;
import io.quorate.runtime.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quorate chaos schedule DIR}: runs a directory's experiments on their cron schedules. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Run the experiments of DIR on their 'schedule' (cron, in this machine's time zone) until stopped (SIGTERM:",
                "a run in progress heals its faults and ends as aborted). Experiments against one lab (lab: DIR), and all those",
                "that build a new lab, run one at a time; a run due while its cluster is busy waits (logged as delayed), runs",
                "whose next fire time came first are logged as missed, not replayed. DIR is re-read at every tick.",
                "Each run goes to STATE/runs/<time>-<name>/; STATE/history.jsonl lists finished runs. One log line per decision.",
                "Exit status: 0 stopped cleanly; with --once 0 all passed, 1 one failed, 3 one aborted; 2 usage error."})
public final class ChaosScheduleCommand implements Callable<Integer> {
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of experiments (*.yaml, *.yml).")
    Path dir;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "chaos-schedule",
            description = "Where runs and history.jsonl go (default ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--history", paramLabel = "N", defaultValue = "20", description = "Runs kept per experiment, oldest deleted (default ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve the chaos metrics on http://HOST:PORT/metrics (Prometheus text format).")
    String metricsAddress;

    @Option(names = "--once", description = "Run every experiment due now (one after another), then exit.")
    boolean once;

    @Mixin
    OutputOptions format;

    /** The scheduler's clock; tests fix it. */
    Clock clock = Clock.systemDefaultZone();
    /** What runs an experiment; tests stand a fake in. */
    ExperimentExecutor executor = ExperimentExecutor.runner();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new CliException(dir + ": no such directory", 2);
        }
        if (history < 1) {
            throw new CliException("--history " + history + ": keep at least 1 run per experiment", 2);
        }
        HostPort address = null;
        if (metricsAddress != null) {
            try {
                address = HostPort.parseListen(metricsAddress);
            } catch (IllegalArgumentException e) {
                throw new CliException("--metrics: " + e.getMessage(), 2);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ScheduleLog log = new ScheduleLog(out, format.json());
        ChaosMetrics metrics = new ChaosMetrics();
        ChaosScheduler scheduler;
        try {
            scheduler = new ChaosScheduler(new ChaosScheduler.Settings(new ExperimentDirectory(dir), new RunHistory(state), history, clock),
                    executor, metrics, log);
        } catch (IOException e) {
            throw new CliException(state + ": cannot read the history: " + e.getMessage(), 2);
        }
        ExporterServer server = null;
        if (address != null) {
            try {
                server = ExporterServer.start(address.host(), address.port(), metrics::scrape);
            } catch (IOException e) {
                throw new CliException("--metrics " + metricsAddress + ": " + e.getMessage(), 2);
            }
            log.line(ZonedDateTime.now(clock), "serving", null, "metrics on http://" + new HostPort(address.host(), server.port()) + "/metrics");
        }
        Thread stopOnSignal = new Thread(() -> scheduler.stop(STOP_GRACE), "chaos-schedule-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            if (once) {
                return exitStatus(scheduler.runDueNow());
            }
            scheduler.serve();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
            if (server != null) {
                server.close();
            }
        }
    }

    private static int exitStatus(List<HistoryEntry> runs) {
        if (runs.stream().anyMatch(r -> r.verdict().equals("aborted"))) {
            return ChaosRunCommand.ABORTED;
        }
        return runs.stream().anyMatch(r -> r.verdict().equals("failed")) ? 1 : 0;
    }
}
