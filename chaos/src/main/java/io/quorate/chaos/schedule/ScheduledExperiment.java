package io.quorate.chaos.schedule;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.Target;
import java.nio.file.Path;

/**
 * An experiment of the schedule directory that has a {@code schedule}.
 *
 * @param name    its file name without {@code .yaml}: the name in logs, run directories, metrics and history
 * @param cluster what it runs against; two experiments with the same cluster never run at once
 */
public record ScheduledExperiment(String name, Path file, Experiment experiment, CronSchedule schedule, String cluster) {
    /** Every experiment that builds its own lab counts as one cluster: labs are heavy, one at a time is enough. */
    public static final String NEW_LABS = "new labs";

    /** The cluster key of a target: {@value #NEW_LABS}, or {@code lab DIR} with DIR made absolute as the runner resolves it. */
    public static String clusterOf(Target target) {
        return target instanceof Target.ExistingLab lab ? "lab " + Path.of(lab.dir()).toAbsolutePath().normalize() : NEW_LABS;
    }
}
