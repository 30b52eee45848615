package io.quorate.chaos.metrics;

import io.quorate.chaos.run.FaultRecord;
import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.SloResult;
import java.time.Instant;

/** Feeds {@link ChaosMetrics} from one run of one experiment. */
final class MetricsListener implements RunListener {
    private final ChaosMetrics metrics;
    private final String experiment;

    MetricsListener(ChaosMetrics metrics, String experiment) {
        this.metrics = metrics;
        this.experiment = experiment;
    }

    @Override
    public void faultApplied(FaultRecord fault, Instant at) {
        metrics.faultActive(experiment, fault.label(), true);
    }

    @Override
    public void faultFailed(FaultRecord fault, String error) {
        metrics.faultActive(experiment, fault.label(), true); // may be in force in part until its heal
    }

    @Override
    public void faultHealed(FaultRecord fault, Instant at) {
        metrics.faultActive(experiment, fault.label(), false);
    }

    @Override
    public void runFinished(RunReport report) {
        for (SloResult slo : report.slos()) {
            metrics.recovery(experiment, slo.sid(), slo.recoveryMs() < 0 ? Double.POSITIVE_INFINITY : slo.recoveryMs() / 1000.0);
        }
        metrics.lastRun(experiment, Instant.parse(report.ended()).toEpochMilli() / 1000.0);
        metrics.countRun(experiment, report.verdict());
    }
}
