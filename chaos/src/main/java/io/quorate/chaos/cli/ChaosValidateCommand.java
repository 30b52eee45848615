package io.quorate.chaos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quorate.chaos.experiment.Durations;
import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.experiment.Slo;
import io.quorate.chaos.experiment.ValidationError;
import io.quorate.chaos.experiment.ValidationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quorate chaos validate FILE...}: checks experiment files without running them. Exit 0 when
 * every file is valid, 1 when any is invalid, 2 for usage errors (a file that does not exist or cannot
 * be read; nothing is validated then).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check experiment files without running them; every error names its field (e.g. method[2].target).",
                "A directory stands for the *.yaml and *.yml files in it.",
                "Exit status: 0 all valid, 1 some invalid, 2 usage error (e.g. a missing file)."})
public final class ChaosValidateCommand implements Callable<Integer> {
    /** {@code --output-format}, as Proxmox's CLIs spell it. */
    public enum Format {
        text, json
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Experiment files or directories of them.")
    List<Path> files;

    @Option(names = "--output-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default ${DEFAULT-VALUE}); json prints an array of {file, valid, errors[]}.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> expanded = new ArrayList<>();
        List<String> usage = new ArrayList<>();
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                List<Path> inside = experimentsIn(file, usage);
                if (inside.isEmpty() && usage.isEmpty()) {
                    usage.add(file + ": no experiment files (*.yaml, *.yml) in this directory");
                }
                expanded.addAll(inside);
            } else if (!Files.exists(file)) {
                usage.add(file + ": no such file");
            } else if (!Files.isReadable(file)) {
                usage.add(file + ": cannot read (permission denied)");
            } else {
                expanded.add(file);
            }
        }
        if (!usage.isEmpty()) {
            usage.forEach(line -> err.println("quorate chaos validate: " + line));
            err.flush();
            return 2;
        }
        List<Path> names = new ArrayList<>();
        List<ValidationResult> results = new ArrayList<>();
        for (Path file : expanded) {
            try {
                results.add(ExperimentValidator.validate(file));
                names.add(file);
            } catch (IOException e) {
                err.println("quorate chaos validate: " + file + ": cannot read: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        if (format == Format.json) {
            out.println(json(names, results));
        } else {
            for (int i = 0; i < results.size(); i++) {
                text(names.get(i), results.get(i)).forEach(out::println);
            }
        }
        out.flush();
        return results.stream().allMatch(ValidationResult::valid) ? 0 : 1;
    }

    private static List<Path> experimentsIn(Path dir, List<String> usage) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p))
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            usage.add(dir + ": cannot list: " + e.getMessage());
            return List.of();
        }
    }

    /** {@code FILE: valid (...)}, or one {@code FILE: field: message} line per error. */
    static List<String> text(Path file, ValidationResult result) {
        if (!result.valid()) {
            return result.errors().stream().map(e -> file + ": " + e).collect(Collectors.toList());
        }
        return List.of(file + ": valid (" + summary(result.experiment().orElseThrow()) + ")");
    }

    /** {@code "Power cut", 3 actions, 2 probes, schedule '0 2 * * *', SLOs: recover vm:101 within 15s}; SLOs last. */
    static String summary(Experiment experiment) {
        int actions = experiment.method().size();
        int probes = experiment.steadyStateHypothesis().probes().size();
        String slos = experiment.slos().isEmpty() ? "none"
                : experiment.slos().stream().map(Slo::toString).collect(Collectors.joining(", "));
        return "\"" + experiment.title() + "\", " + actions + (actions == 1 ? " action, " : " actions, ") + probes
                + (probes == 1 ? " probe" : " probes")
                + experiment.random().map(r -> ", random nemesis for " + Durations.format(r.duration())).orElse("")
                + experiment.schedule().map(s -> ", schedule '" + s + "'").orElse("")
                + ", SLOs: " + slos;
    }

    private static String json(List<Path> files, List<ValidationResult> results) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < results.size(); i++) {
            ValidationResult result = results.get(i);
            ObjectNode entry = array.addObject().put("file", files.get(i).toString()).put("valid", result.valid());
            result.experiment().ifPresent(e -> entry.put("title", e.title()).put("actions", e.method().size())
                    .put("probes", e.steadyStateHypothesis().probes().size()));
            result.experiment().ifPresent(e -> {
                ArrayNode slos = entry.putArray("slos");
                e.slos().forEach(s -> slos.add(s.toString()));
            });
            ArrayNode errors = entry.putArray("errors");
            for (ValidationError error : result.errors()) {
                ObjectNode e = errors.addObject().put("field", error.field()).put("message", error.message());
                if (error.line() > 0) {
                    e.put("line", error.line()).put("column", error.column());
                }
            }
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
