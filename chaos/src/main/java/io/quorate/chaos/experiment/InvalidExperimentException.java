package io.quorate.chaos.experiment;

import java.util.List;
import java.util.stream.Collectors;

/** An experiment file that did not validate; the message has one line per error. */
public final class InvalidExperimentException extends RuntimeException {
    private final transient List<ValidationError> errors;

    public InvalidExperimentException(List<ValidationError> errors) {
        super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
