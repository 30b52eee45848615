package io.quorate.chaos.experiment;

import io.quorate.chaos.schedule.CronSchedule;
import java.util.List;
import java.util.Optional;

/**
 * A chaos experiment, as read from its YAML file by {@link ExperimentValidator}: check the steady
 * state, apply the method's faults, run the rollbacks, check the steady state again and judge the
 * SLOs. Instances are only made from valid files.
 *
 * @param method    the faults and waits, in order; may be empty when {@code random} is given
 * @param rollbacks run after the method, also when it failed or was interrupted
 * @param schedule  when {@code quorate chaos schedule} runs it
 * @param random    a seeded random nemesis phase after the method
 */
public record Experiment(String title, Optional<String> description, Target target, SteadyStateHypothesis steadyStateHypothesis,
                         List<Action> method, List<Action> rollbacks, List<Slo> slos, Optional<CronSchedule> schedule,
                         Optional<RandomNemesis> random) {
    public Experiment {
        method = List.copyOf(method);
        rollbacks = List.copyOf(rollbacks);
        slos = List.copyOf(slos);
    }
}
