package io.quorate.chaos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorate.chaos.events.ChaosEventListener;
import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.experiment.ResourceId;
import io.quorate.chaos.experiment.Target;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabException;
import io.quorate.chaos.lab.LabOptions;
import io.quorate.chaos.run.ExperimentRunner;
import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.SloResult;
import io.quorate.cli.CliException;
import io.quorate.cli.OutputOptions;
import io.quorate.lab.HaHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quorate chaos bench FILE...}: recovery-time figures. Runs each experiment {@code --runs} times
 * on one lab (built once, or {@code --lab}) and prints, per experiment and resource, the median and
 * maximum fault-to-recovery time the outside prober measured, with the verdicts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run experiments repeatedly on one lab and print recovery times (median, max) per experiment and guest.",
                "Without --lab, one lab is built for all files (they must target the same number of nodes) and removed after."})
public final class ChaosBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Experiments with SLOs (recover SID within D).")
    List<Path> files;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Runs of each experiment (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--lab", paramLabel = "DIR", description = "A running lab ('quorate lab up') to use.")
    Path labDir;

    @Option(names = "--output", defaultValue = "chaos-bench", paramLabel = "DIR",
            description = "Where each run's reports (and the bench's lab) go (default ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    OutputOptions format;

    /** One experiment's figures for one guest. */
    public record Figures(String experiment, String sid, int runs, long passed, long medianMs, long maxMs, List<Long> recoveriesMs,
                          List<String> verdicts) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new CliException("--runs must be at least 1, got " + runs, 2);
        }
        Map<Path, Experiment> experiments = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                experiments.put(file, ExperimentValidator.load(file));
            } catch (IOException | RuntimeException e) {
                throw new CliException(file + ": " + e.getMessage(), 2);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = format.json() ? new PrintWriter(new StringWriter()) : out;
        Files.createDirectories(output);
        ChaosLab lab = labDir != null ? ChaosLab.attach(labDir) : buildLab(experiments, progress);
        List<Figures> figures = new ArrayList<>();
        try {
            for (Map.Entry<Path, Experiment> entry : experiments.entrySet()) {
                String name = entry.getKey().getFileName().toString().replaceFirst("\\.ya?ml$", "");
                Map<String, List<Long>> recoveries = new LinkedHashMap<>();
                List<String> verdicts = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Path dir = output.toAbsolutePath().resolve(name + "-" + run);
                    // its events go onto the lab's topic as every run's do, so replays of the bench show the faults
                    ExperimentRunner.Options options = ExperimentRunner.Options.defaults(dir).withLab(lab.dir())
                            .withListener(ChaosEventListener.forLab(name));
                    RunReport report = new ExperimentRunner(entry.getValue(), entry.getKey(), options, progress).run();
                    verdicts.add(report.verdict().name());
                    for (SloResult slo : report.slos()) {
                        recoveries.computeIfAbsent(slo.sid(), sid -> new ArrayList<>()).add(slo.recoveryMs());
                    }
                    progress.printf("%s run %d/%d: %s, recovery %s%n", name, run, runs, report.verdict(),
                            report.slos().stream().map(s -> s.sid() + " " + (s.recoveryMs() < 0 ? "never" : s.recoveryMs() + " ms")).toList());
                }
                recoveries.forEach((sid, times) -> figures.add(figures(name, sid, times, verdicts)));
            }
        } finally {
            lab.close();
        }
        if (format.json()) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
        } else {
            out.printf("%-28s %-8s %5s %7s %10s %10s  %s%n", "experiment", "guest", "runs", "passed", "median ms", "max ms", "all (ms)");
            for (Figures f : figures) {
                out.printf("%-28s %-8s %5d %7d %10d %10d  %s%n", f.experiment(), f.sid(), f.runs(), f.passed(), f.medianMs(), f.maxMs(),
                        f.recoveriesMs());
            }
        }
        out.flush();
        return 0;
    }

    private ChaosLab buildLab(Map<Path, Experiment> experiments, PrintWriter progress) {
        TreeSet<Integer> sizes = new TreeSet<>();
        TreeSet<ResourceId> guests = new TreeSet<>();
        for (Experiment experiment : experiments.values()) {
            if (!(experiment.target() instanceof Target.NewLab newLab)) {
                throw new CliException("'" + experiment.title() + "' targets an existing lab: pass it as --lab", 2);
            }
            sizes.add(newLab.nodes());
            guests.addAll(newLab.guests());
        }
        if (sizes.size() != 1) {
            throw new CliException("the experiments target labs of " + sizes + " nodes: bench them separately", 2);
        }
        try {
            return ChaosLab.up(output.toAbsolutePath().resolve("lab"), LabOptions.of(sizes.first(), List.copyOf(guests)),
                    HaHost.javaCommandOfThisJvm(), progress);
        } catch (LabException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** A never-recovered run counts as the longest (its time is unknown, not short). */
    static Figures figures(String experiment, String sid, List<Long> times, List<String> verdicts) {
        List<Long> sorted = times.stream().map(t -> t < 0 ? Long.MAX_VALUE : t).sorted().toList();
        long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) / 2 + sorted.get(sorted.size() / 2) / 2);
        return new Figures(experiment, sid, times.size(), verdicts.stream().filter("passed"::equals).count(), median,
                sorted.get(sorted.size() - 1), times, verdicts);
    }
}
