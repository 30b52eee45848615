package io.quorate.it;

import io.quorate.cli.Main;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs quorate CLI commands in the test JVM, exactly as bin/quorate would, capturing output. */
final class Cli {
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** {@code cm status --output-format json}'s quorum object, or null when the node does not answer. */
    static JsonObject quorum(Path dir) {
        Result result = run("cm", "status", "--dir", dir.toString(), "--output-format", "json");
        return result.exitCode() == 0 ? new JsonObject(result.out()).getJsonObject("quorum") : null;
    }
}
