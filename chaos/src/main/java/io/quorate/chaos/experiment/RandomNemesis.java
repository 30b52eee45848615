package io.quorate.chaos.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code random}: a Jepsen-style nemesis phase. From the seed, a schedule of faults drawn from
 * {@code faults} (by weight) is generated, one every {@code interval} and healed before the next,
 * for {@code duration}, while the workload runs in the background; then everything is healed and
 * the final checks run.
 *
 * @param seed     the schedule's seed; empty: the runner draws one and prints it for replay
 * @param faults   fault kind to weight, in file order
 * @param workload background load during the phase
 */
public record RandomNemesis(OptionalLong seed, Duration duration, Duration interval, Map<FaultKind, Integer> faults,
                            List<Workload> workload) {
    /** Default time between faults. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public RandomNemesis {
        faults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(faults));
        workload = List.copyOf(workload);
    }

    /** Faults the random phase can draw. */
    public enum FaultKind {
        KILL("kill"), STOP("stop"), PAUSE("pause"), PARTITION("partition"), LOSS("loss"), BANDWIDTH("bandwidth"),
        LATENCY("latency"), POWER("power"), CLOCK_OFFSET("clock-offset");

        private final String text;

        FaultKind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Background load. */
    public enum Workload {
        /** Config-tree writes on every node (each must commit only with a majority). */
        CONFIG_WRITES("config-writes"),
        /** HA migrations and relocations of the target's guests. */
        HA_MIGRATIONS("ha-migrations");

        private final String text;

        Workload(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
