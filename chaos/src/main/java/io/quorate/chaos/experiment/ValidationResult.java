package io.quorate.chaos.experiment;

import java.util.List;
import java.util.Optional;

/** The outcome of validating one file: the experiment when it is valid, else every error found. */
public record ValidationResult(Optional<Experiment> experiment, List<ValidationError> errors) {
    public ValidationResult {
        errors = List.copyOf(errors);
        if (experiment.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a result has either an experiment or errors");
        }
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The experiment, for callers that run it. */
    public Experiment experimentOrThrow() {
        return experiment.orElseThrow(() -> new InvalidExperimentException(errors));
    }
}
