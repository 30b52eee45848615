package io.quorate.it;

import io.quorate.cli.InProcessCli;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Runs quorate CLI commands in the test JVM, exactly as bin/quorate would, capturing output. */
final class Cli {
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        InProcessCli.Result result = InProcessCli.run(args);
        return new Result(result.exitCode(), result.out(), result.err());
    }

    /** {@code cm status --output-format json}'s quorum object, or null when the node does not answer. */
    static JsonObject quorum(Path dir) {
        Result result = run("cm", "status", "--dir", dir.toString(), "--output-format", "json");
        return result.exitCode() == 0 ? new JsonObject(result.out()).getJsonObject("quorum") : null;
    }
}
