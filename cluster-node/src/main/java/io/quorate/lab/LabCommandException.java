package io.quorate.lab;

import java.util.List;

/** A lab command ({@code ip}, {@code nft}) that could not run or exited non-zero; the message quotes its stderr. */
public final class LabCommandException extends RuntimeException {

    public LabCommandException(String message) {
        super(message);
    }

    public LabCommandException(String message, Throwable cause) {
        super(message, cause);
    }

    static LabCommandException failed(List<String> command, int exitCode, String stderr) {
        String detail = stderr.isBlank() ? "no error output" : stderr.strip();
        return new LabCommandException("`" + String.join(" ", command) + "` failed (exit " + exitCode + "): " + detail);
    }
}
