package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.lab.ChaosLab;
import java.time.Instant;

/**
 * Told what a run does as it does it: the chaos metrics, the chaos events on Kafka and the scheduler
 * listen. Called on the runner's thread; a listener that throws is reported and ignored, never
 * allowed to stop a run (or a heal).
 */
public interface RunListener {
    /** The lab is up (or attached) and the run is about to check the steady state. */
    default void runStarted(String run, Experiment experiment, ChaosLab lab, long seed) {
    }

    default void faultApplied(FaultRecord fault, Instant at) {
    }

    default void faultHealed(FaultRecord fault, Instant at) {
    }

    /** Applying threw; the fault may be in force in part (it is healed like the others). */
    default void faultFailed(FaultRecord fault, String error) {
    }

    /** The reports are written; the lab is still there (a lab the run built goes away right after). */
    default void runFinished(RunReport report) {
    }
}
