package io.quorate.chaos.cli;

import io.quorate.chaos.events.ChaosEventListener;
import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentNames;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.experiment.ValidationResult;
import io.quorate.chaos.metrics.ChaosMetrics;
import io.quorate.chaos.run.ExperimentRunner;
import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.RunReports;
import io.quorate.chaos.run.Verdict;
import io.quorate.cli.CliException;
import io.quorate.cli.OutputOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quorate chaos run FILE}: run one experiment and judge it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment: bring up its lab (or use --lab), check the steady state, apply the faults, heal,",
                "check the steady state again, judge the SLOs and the safety invariants, write report.json and report.html.",
                "Exit status: 0 passed, 1 failed, 3 aborted (could not run as written), 2 usage error."})
public final class ChaosRunCommand implements Callable<Integer> {
    static final int ABORTED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The experiment (YAML).")
    Path file;

    @Option(names = "--lab", paramLabel = "DIR", description = "Run against this running lab ('quorate lab up') instead of building one.")
    Path lab;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the reports (and a lab the run builds) go (default: chaos-runs/<time>-<file name>).")
    Path output;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random choices (default: the file's, else drawn and printed).")
    Long seed;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = {"Write the chaos metrics (Prometheus text format) to FILE when the run ends, atomically, for",
                    "node_exporter's textfile collector (a *.prom file in its directory). Counts already in FILE carry on."})
    Path metricsFile;

    @Mixin
    OutputOptions format;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new CliException(file + ": no such file or not readable", 2);
        }
        ValidationResult validation = ExperimentValidator.validate(file);
        if (!validation.valid()) {
            throw new CliException(file + ": invalid experiment: " + validation.errors().get(0)
                    + (validation.errors().size() > 1 ? " (and " + (validation.errors().size() - 1) + " more; see 'quorate chaos validate')" : ""),
                    2);
        }
        Experiment experiment = validation.experiment().orElseThrow();
        Path outputDir = output != null ? output : defaultOutput(file);
        if (Files.exists(outputDir) && Files.list(outputDir).findAny().isPresent()) {
            throw new CliException(outputDir + " is not empty: give a new --output directory", 2);
        }
        ExperimentRunner.Options options = ExperimentRunner.Options.defaults(outputDir.toAbsolutePath());
        if (lab != null) {
            options = options.withLab(lab);
        }
        if (seed != null) {
            options = options.withSeed(seed);
        }
        String name = ExperimentNames.of(file);
        ChaosMetrics metrics = new ChaosMetrics();
        if (metricsFile != null) {
            restoreMetrics(metrics);
            options = options.withListener(metrics.listenerFor(name));
        }
        options = options.withListener(ChaosEventListener.forLab(name));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = format.json() ? new PrintWriter(new StringWriter()) : out;
        RunReport report = new ExperimentRunner(experiment, file, options, progress).run();
        if (metricsFile != null) {
            try {
                metrics.writeTo(metricsFile);
            } catch (IOException e) {
                throw new CliException(metricsFile + ": cannot write the metrics: " + e.getMessage());
            }
        }
        if (format.json()) {
            out.println(RunReports.toJson(report));
        }
        out.flush();
        return report.verdict() == Verdict.passed ? 0 : report.verdict() == Verdict.failed ? 1 : ABORTED;
    }

    /** Takes over the counts of an earlier run's file; refuses, before the run, a file that cannot be read or written. */
    private void restoreMetrics(ChaosMetrics metrics) {
        Path parent = metricsFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new CliException(metricsFile + ": its directory " + parent + " does not exist or is not writable", 2);
        }
        try {
            metrics.restoreFrom(metricsFile);
        } catch (IOException e) {
            throw new CliException(metricsFile + ": cannot read the earlier metrics: " + e.getMessage(), 2);
        }
    }

    static Path defaultOutput(Path file) {
        String stem = ExperimentNames.of(file);
        String time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
        return Path.of("chaos-runs", time + "-" + stem);
    }
}
