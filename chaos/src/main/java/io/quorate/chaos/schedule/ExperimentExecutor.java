package io.quorate.chaos.schedule;

import io.quorate.chaos.events.ChaosEventListener;
import io.quorate.chaos.run.ExperimentRunner;
import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs one scheduled experiment into its run directory; the scheduler's tests stand a fake in. */
@FunctionalInterface
public interface ExperimentExecutor {
    /** The run's progress goes to this file in its directory. */
    String LOG = "run.log";

    RunReport run(ScheduledExperiment experiment, Path runDir, List<RunListener> listeners) throws IOException, InterruptedException;

    /** The real thing: {@link ExperimentRunner}, publishing the run's events to its lab's Kafka topic too. */
    static ExperimentExecutor runner() {
        return (experiment, runDir, listeners) -> {
            Files.createDirectories(runDir);
            ExperimentRunner.Options options = ExperimentRunner.Options.defaults(runDir.toAbsolutePath());
            for (RunListener listener : listeners) {
                options = options.withListener(listener);
            }
            options = options.withListener(ChaosEventListener.forLab(experiment.name()));
            try (PrintWriter progress = new PrintWriter(Files.newBufferedWriter(runDir.resolve(LOG), StandardCharsets.UTF_8), true)) {
                return new ExperimentRunner(experiment.experiment(), experiment.file(), options, progress).run();
            }
        };
    }
}
