package io.quorate.ha.conformance;

import java.nio.file.Path;

/**
 * Bad conformance input: a missing or unreadable file, malformed JSON, an unparsable log line, a
 * malformed known-failures entry. The message always names the file, and the line when there is
 * one, as {@code <file>:<line>: <what is wrong>}.
 */
public final class CaseFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public CaseFormatException(Path file, int line, String detail) {
        this(file, line, detail, null);
    }

    public CaseFormatException(Path file, int line, String detail, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail, cause);
        this.file = file;
        this.line = line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the fault is not on one line (a missing file, say). */
    public int line() {
        return line;
    }
}
