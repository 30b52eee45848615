package io.quorate.chaos.experiment;

/**
 * One thing wrong with an experiment file.
 *
 * @param field  the field's path, such as {@code method[2].target}; empty for the file as a whole
 * @param line   1-based line for YAML syntax errors, else 0
 * @param column 1-based column for YAML syntax errors, else 0
 */
public record ValidationError(String field, String message, int line, int column) {
    public static ValidationError at(String field, String message) {
        return new ValidationError(field, message, 0, 0);
    }

    /** {@code method[2].target: unknown selector ...}, {@code line 3, column 7: ...} or just the message. */
    @Override
    public String toString() {
        if (!field.isEmpty()) {
            return field + ": " + message;
        }
        if (line > 0) {
            return "line " + line + ", column " + column + ": " + message;
        }
        return message;
    }
}
