package io.quorate.sim;

import io.quorate.membership.MembershipTimers;
import io.quorate.node.ClusterSpec;
import io.quorate.quorum.QuorumOptions;
import io.quorate.quorum.Voter;
import io.quorate.quorum.VoterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One reproducible simulator run: either a scenario file or a seeded random fault schedule
 * (safety phase with faults, then repair and a convergence check within token + consensus).
 */
public final class SimRun {
    /** Simulated clocks drift by up to ±0.5 % from true time. */
    public static final double MAX_DRIFT = 0.005;

    public record Settings(int nodes, long seed, long tokenMs, long safetyPhaseMs) {
        public Settings {
            if (nodes < 1 || nodes > 64) {
                throw new IllegalArgumentException("--nodes must be between 1 and 64, got " + nodes);
            }
            if (tokenMs < 10) {
                throw new IllegalArgumentException("--token must be at least 10 ms, got " + tokenMs);
            }
        }

        /** The one command that replays this run. */
        public String replayCommand() {
            return "bin/quorate sim --nodes " + nodes + " --seed " + seed + " --token " + tokenMs
                    + " --duration " + safetyPhaseMs + "ms";
        }
    }

    public record Outcome(Settings settings, List<String> violations, List<String> timeline, List<String> finalState,
                          String stats) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private SimRun() {
    }

    public static ClusterSpec spec(int nodes, long tokenMs) {
        List<Voter> voters = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            voters.add(new Voter(id, "n" + id, 1));
        }
        QuorumOptions options = new QuorumOptions(null, false, false, false, 10_000, false);
        return new ClusterSpec("sim", 1, MembershipTimers.ofToken(tokenMs), new VoterConfig(voters, options),
                "sim", true, "");
    }

    /** Random faults for the safety phase, then repair; converged by token + consensus after it. */
    public static Outcome random(Settings settings) {
        ClusterSpec spec = spec(settings.nodes(), settings.tokenMs());
        Simulation sim = new Simulation(spec, settings.seed(), MAX_DRIFT);
        try {
            return randomFaults(settings, spec, sim);
        } catch (RuntimeException e) {
            return crashed(settings, sim, e);
        }
    }

    /** A core threw: that is a failed run too, with the seed to replay it. */
    private static Outcome crashed(Settings settings, Simulation sim, RuntimeException e) {
        List<String> violations = new ArrayList<>(sim.violations());
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        violations.add(0, String.format("t=%s the simulation crashed: %s%s", Simulation.seconds(sim.now()), e,
                at == null ? "" : " at " + at));
        return new Outcome(settings, violations, List.copyOf(sim.timeline()), List.of(), sim.stats());
    }

    private static Outcome randomFaults(Settings settings, ClusterSpec spec, Simulation sim) {
        RandomFaultPlan.schedule(sim, new Random(settings.seed() * 7919 + 17), settings.safetyPhaseMs(), settings.tokenMs());
        sim.startAll();
        sim.runClients(settings.safetyPhaseMs());
        MembershipTimers timers = spec.timers();
        long deadline = settings.safetyPhaseMs() + timers.tokenMs() + timers.consensusMs();
        sim.runUntil(deadline);
        sim.checkConverged("token + consensus after the last fault (" + Simulation.seconds(deadline) + ")");
        // the config log elects within two tokens of a healed network, then everyone catches up
        sim.runUntil(deadline + 5 * timers.tokenMs());
        sim.checkConverged("the end of the run");
        sim.checkConfig();
        return outcome(settings, sim);
    }

    /** Runs a scripted scenario; each {@code check} line is a convergence check at that time. */
    public static Outcome scenario(Settings settings, Scenario scenario) {
        ClusterSpec spec = spec(settings.nodes(), settings.tokenMs());
        Simulation sim = new Simulation(spec, settings.seed(), MAX_DRIFT);
        try {
            return scripted(settings, scenario, sim);
        } catch (RuntimeException e) {
            return crashed(settings, sim, e);
        }
    }

    private static Outcome scripted(Settings settings, Scenario scenario, Simulation sim) {
        scenario.steps().forEach(step -> sim.at(step.atMs(), step.fault()));
        sim.startAll();
        for (long check : scenario.checks().stream().sorted().toList()) {
            sim.runUntil(check);
            sim.checkConverged("check at " + Simulation.seconds(check));
        }
        sim.runUntil(scenario.endMs());
        return outcome(settings, sim);
    }

    private static Outcome outcome(Settings settings, Simulation sim) {
        return new Outcome(settings, List.copyOf(sim.violations()), List.copyOf(sim.timeline()), sim.finalState(),
                sim.stats() + "; " + sim.historySummary());
    }
}
