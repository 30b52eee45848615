package io.quorate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a {@code quorate} command in this JVM, exactly as bin/quorate would, with its output captured:
 * for tools built on the CLI (the chaos lab and runner) and for tests.
 */
public final class InProcessCli {
    /** A finished command. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The one-line reason of a failed command. */
        public String reason() {
            return err.isBlank() ? out.strip() : err.strip();
        }
    }

    private InProcessCli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
