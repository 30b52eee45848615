package io.quorate.config;

/**
 * A corosync.conf that cannot be read or does not make sense. The message always names the source
 * (usually a path) and, where one exists, the line: {@code corosync.conf:12: nodeid must be a
 * positive integer, got 'x'}, so an operator can jump straight to the problem.
 */
public final class ConfigException extends Exception {

    /** Line value meaning "no particular line", e.g. a missing section or a command-line argument. */
    public static final int NO_LINE = 0;

    private final String source;
    private final int line;
    private final String problem;

    public ConfigException(String source, int line, String problem) {
        super(line > NO_LINE ? source + ":" + line + ": " + problem : source + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** For failures with an underlying cause, such as a file that cannot be read. */
    public ConfigException(String source, int line, String problem, Throwable cause) {
        this(source, line, problem);
        initCause(cause);
    }

    /** Where the text came from, as the caller named it. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem, or {@link #NO_LINE}. */
    public int line() {
        return line;
    }

    /** The problem alone, without source and line. */
    public String problem() {
        return problem;
    }
}
