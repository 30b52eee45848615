package io.quorate.ha.runtime;

import io.quorate.config.ConfigException;

/**
 * One HA config file of the committed tree, parsed again only when its text changes. A text that
 * does not parse is reported once and the last good reading stays in force, so a typo cannot stop
 * or move every service.
 */
final class ParsedFile<T> {
    @FunctionalInterface
    interface Parser<T> {
        T parse(String source, String text) throws ConfigException;
    }

    private final HaContext context;
    private final ProblemLog problems;
    private final String path;
    private final Parser<T> parser;
    private String text;
    private T value;

    ParsedFile(HaContext context, ProblemLog problems, String path, Parser<T> parser, T empty) {
        this.context = context;
        this.problems = problems;
        this.path = path;
        this.parser = parser;
        this.value = empty;
    }

    T get() {
        String current = context.read(path).orElse("");
        if (!current.equals(text)) {
            text = current;
            try {
                value = parser.parse(path, current);
                problems.clear(path);
            } catch (ConfigException e) {
                problems.report(path, e.getMessage() + " (the last good version stays in force)");
            }
        }
        return value;
    }
}
