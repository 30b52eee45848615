package io.quorate.chaos.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos runner's metrics (docs/metrics.md, "Chaos"): runs by verdict, each guest's recovery time
 * in the last run, which faults are in force, and when each experiment last ended. One Prometheus
 * registry for every experiment a process runs; {@link #listenerFor} feeds it from one run. The
 * series carry no {@code cluster} label: as the exporter's, it comes from the scrape job.
 */
public final class ChaosMetrics {
    static final String RUNS = "quorate.chaos.runs";
    static final String RECOVERY = "quorate.chaos.recovery";
    static final String FAULT_ACTIVE = "quorate.chaos.fault.active";
    static final String LAST_RUN = "quorate.chaos.last.run.timestamp";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Gauge values by label values, as raw double bits (the registry holds the gauges weakly: keep them here). */
    private final Map<List<String>, AtomicLong> gauges = new ConcurrentHashMap<>();

    /** A listener that records one run of {@code experiment} (its short name, the {@code experiment} label). */
    public RunListener listenerFor(String experiment) {
        for (Verdict verdict : Verdict.values()) {
            runs(experiment, verdict); // every verdict from 0, so increase() sees the first run of each
        }
        return new MetricsListener(this, experiment);
    }

    void countRun(String experiment, Verdict verdict) {
        runs(experiment, verdict).increment();
    }

    void recovery(String experiment, String sid, double seconds) {
        gauge(RECOVERY, "seconds", "Fault-to-recovery time of the resource in the experiment's last run (+Inf: it never came back)",
                "experiment", experiment, "sid", sid).set(Double.doubleToRawLongBits(seconds));
    }

    void faultActive(String experiment, String fault, boolean active) {
        gauge(FAULT_ACTIVE, null, "1 while the fault is applied, 0 after it was healed", "experiment", experiment, "fault", fault)
                .set(Double.doubleToRawLongBits(active ? 1 : 0));
    }

    void lastRun(String experiment, double epochSeconds) {
        gauge(LAST_RUN, "seconds", "When the experiment last ended (Unix time)", "experiment", experiment)
                .set(Double.doubleToRawLongBits(epochSeconds));
    }

    private Counter runs(String experiment, Verdict verdict) {
        return Counter.builder(RUNS).description("Experiment runs by verdict").tag("experiment", experiment).tag("verdict", verdict.name())
                .register(registry);
    }

    private AtomicLong gauge(String name, String unit, String help, String... tags) {
        List<String> key = new java.util.ArrayList<>(List.of(tags));
        key.add(0, name);
        return gauges.computeIfAbsent(List.copyOf(key), k -> {
            AtomicLong value = new AtomicLong(Double.doubleToRawLongBits(0));
            Gauge.builder(name, value, v -> Double.longBitsToDouble(v.get())).baseUnit(unit).description(help).tags(tags)
                    .register(registry);
            return value;
        });
    }

    /** The registry in Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Writes {@link #scrape()} to {@code file} atomically (a temporary file beside it, then a rename), as
     * node_exporter's textfile collector wants: it never reads half a file.
     */
    public void writeTo(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temporary, scrape(), StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Takes over the runs, recovery times and last-run times of a file {@link #writeTo} wrote, so a
     * counter in a file rewritten by one {@code chaos run} after another keeps counting and the other
     * experiments' series stay. Faults are not taken over: every fault of a finished run was healed.
     *
     * @throws IOException when the file cannot be read (a missing file is no error: nothing to take over)
     */
    public void restoreFrom(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (PrometheusSample sample : PrometheusSample.parse(Files.readAllLines(file, StandardCharsets.UTF_8))) {
            Map<String, String> labels = sample.labels();
            String experiment = labels.get("experiment");
            if (experiment == null) {
                continue;
            }
            switch (sample.name()) {
                case "quorate_chaos_runs_total" -> {
                    Verdict verdict = verdictOf(labels.get("verdict"));
                    if (verdict != null) {
                        listenerFor(experiment);
                        runs(experiment, verdict).increment(sample.value());
                    }
                }
                case "quorate_chaos_recovery_seconds" -> {
                    if (labels.containsKey("sid")) {
                        recovery(experiment, labels.get("sid"), sample.value());
                    }
                }
                case "quorate_chaos_last_run_timestamp_seconds" -> lastRun(experiment, sample.value());
                default -> {
                    // another family: not ours to carry over
                }
            }
        }
    }

    private static Verdict verdictOf(String name) {
        for (Verdict verdict : Verdict.values()) {
            if (verdict.name().equals(name)) {
                return verdict;
            }
        }
        return null;
    }
}
