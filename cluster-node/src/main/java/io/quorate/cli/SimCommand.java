package io.quorate.cli;

import io.quorate.sim.Scenario;
import io.quorate.sim.SimRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run node cores in one thread on simulated time and network.",
                "Without --scenario: seeded random faults, then repair, then convergence checks.",
                "Every run is reproducible from its seed."})
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of everything random (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", defaultValue = "1", description = "Run this many seeds from --seed on; print only failures and a summary.")
    int seeds;

    @Option(names = "--token", defaultValue = "1000", description = "Token timeout in ms (default ${DEFAULT-VALUE}).")
    long tokenMs;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationMillisConverter.class,
            description = "Length of the random-fault phase (default ${DEFAULT-VALUE}).")
    long durationMs;

    @Option(names = "--scenario", description = "Scenario file: one timed command a line (grammar in docs/simulator.md).")
    Path scenarioFile;

    @Option(names = "--quiet", description = "Print only the verdict.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (seeds < 1) {
            throw new CliException("--seeds must be at least 1, got " + seeds);
        }
        Scenario scenario = scenarioFile == null ? null : loadScenario();
        int failures = 0;
        for (long s = seed; s < seed + seeds; s++) {
            SimRun.Settings settings;
            try {
                settings = new SimRun.Settings(nodes, s, tokenMs, durationMs);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            SimRun.Outcome outcome = scenario == null ? SimRun.random(settings) : SimRun.scenario(settings, scenario);
            if (seeds == 1) {
                print(out, outcome);
            } else if (!outcome.passed()) {
                out.println("FAILED seed " + s + ": " + outcome.violations().get(0));
                out.println("  replay: " + settings.replayCommand());
            }
            if (!outcome.passed()) {
                failures++;
            }
        }
        if (seeds > 1) {
            out.printf("%d of %d seeds passed%n", seeds - failures, seeds);
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private Scenario loadScenario() throws IOException {
        if (!Files.isRegularFile(scenarioFile)) {
            throw new CliException("scenario file not found: " + scenarioFile);
        }
        try {
            return Scenario.parse(Files.readString(scenarioFile, StandardCharsets.UTF_8), scenarioFile.toString(), nodes);
        } catch (Scenario.ScenarioException e) {
            throw new CliException(e.getMessage());
        }
    }

    private void print(PrintWriter out, SimRun.Outcome outcome) {
        if (!quiet) {
            out.println("timeline (simulated time):");
            outcome.timeline().forEach(line -> out.println("  " + line));
            out.println("final state:");
            outcome.finalState().forEach(line -> out.println("  " + line));
            out.println(outcome.stats());
        }
        if (outcome.passed()) {
            out.println("PASSED seed " + outcome.settings().seed());
        } else {
            out.println("FAILED seed " + outcome.settings().seed() + ":");
            outcome.violations().forEach(v -> out.println("  " + v));
            out.println("replay: " + outcome.settings().replayCommand());
        }
    }
}
