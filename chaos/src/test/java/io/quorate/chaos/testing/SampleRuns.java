package io.quorate.chaos.testing;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.run.FaultOutcome;
import io.quorate.chaos.run.FaultRecord;
import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.SloResult;
import io.quorate.chaos.run.Verdict;
import java.time.Instant;
import java.util.List;

/** Runs as the runner reports them, for listeners and the scheduler to be tested without a lab. */
public final class SampleRuns {
    public static final FaultRecord POWER_OFF = new FaultRecord(1, "cut-power", "power", "power off n2 (node-running: vm:101)", List.of("n2"),
            FaultRecord.Heal.of(FaultRecord.HealKind.POWER_ON));
    public static final FaultRecord ISOLATE = new FaultRecord(2, "", "partition", "isolate n3", List.of("n3"),
            FaultRecord.Heal.of(FaultRecord.HealKind.UNCUT));

    private SampleRuns() {
    }

    /** A small valid experiment on a new 3-node lab, with {@code schedule} when not null. */
    public static String yaml(String title, String schedule) {
        return "title: " + title + "\n"
                + "target: {nodes: 3, guests: [vm:101]}\n"
                + (schedule == null ? "" : "schedule: \"" + schedule + "\"\n")
                + "steady-state-hypothesis:\n  title: steady\n  probes:\n    - invariant: contiguous_sequences\n"
                + "method:\n  - wait: 1s\n";
    }

    public static Experiment experiment(String title) {
        return ExperimentValidator.validate(yaml(title, null)).experimentOrThrow();
    }

    /** A report of {@code run} with the given verdict, ended at {@code ended}; vm:101 recovered in {@code recoveryMs}. */
    public static RunReport report(String run, Verdict verdict, Instant started, Instant ended, long recoveryMs) {
        SloResult slo = new SloResult("recover vm:101 within 15s", "vm:101", 15_000, recoveryMs >= 0 && recoveryMs <= 15_000,
                started.toString(), null, null, recoveryMs, "n1", "detail");
        return new RunReport(RunReport.VERSION, "Power cut", "power-cut.yaml", run, verdict, verdict == Verdict.passed ? "all good" : "SLO missed",
                started.toString(), ended.toString(), 42, "/lab", List.of("n1", "n2", "n3"), List.of("vm:101"), List.of(), List.of(), List.of(),
                List.of(new FaultOutcome(POWER_OFF, started.toString(), ended.toString(), null)), List.of(slo), List.of(), 10, 100, List.of());
    }
}
