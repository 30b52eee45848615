package io.quorate.chaos.schedule;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentNames;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.experiment.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The experiments of the schedule directory ({@code *.yaml}, {@code *.yml}), read afresh at every tick. */
public final class ExperimentDirectory {
    private final Path dir;

    /**
     * @param scheduled experiments with a schedule
     * @param ignored   one line per file left out: no schedule, invalid (its first error), unreadable
     */
    public record Scan(List<ScheduledExperiment> scheduled, List<String> ignored) {
        public Scan {
            scheduled = List.copyOf(scheduled);
            ignored = List.copyOf(ignored);
        }
    }

    public ExperimentDirectory(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** @throws IOException when the directory itself cannot be listed */
    public Scan scan() throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        List<ScheduledExperiment> scheduled = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            String name = ExperimentNames.of(file);
            ValidationResult result;
            try {
                result = ExperimentValidator.validate(file);
            } catch (IOException e) {
                ignored.add(file.getFileName() + ": cannot read (" + e.getMessage() + "): ignored");
                continue;
            }
            if (!result.valid()) {
                ignored.add(file.getFileName() + ": invalid, " + result.errors().get(0)
                        + (result.errors().size() > 1 ? " (and " + (result.errors().size() - 1) + " more)" : "") + ": ignored");
            } else if (names.contains(name)) {
                ignored.add(file.getFileName() + ": another file is already named " + name + ": ignored");
            } else {
                Experiment experiment = result.experiment().orElseThrow();
                if (experiment.schedule().isEmpty()) {
                    ignored.add(file.getFileName() + ": no schedule: ignored");
                } else {
                    names.add(name);
                    scheduled.add(new ScheduledExperiment(name, file, experiment, experiment.schedule().get(),
                            ScheduledExperiment.clusterOf(experiment.target())));
                }
            }
        }
        return new Scan(scheduled, ignored);
    }
}
