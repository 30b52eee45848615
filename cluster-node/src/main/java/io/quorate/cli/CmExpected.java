package io.quorate.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "expected", mixinStandardHelpOptions = true,
        description = {"Tell votequorum a new number of expected votes (pvecm expected).",
                "UNSAFE when used to let a minority run: the other side may be running too."})
final class CmExpected implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<expected>")
    int expected;

    @Mixin
    NodeDirOption dir;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (expected < 1) {
            throw new CliException("expected votes must be at least 1, got " + expected, 2);
        }
        JsonObject data = NodeApi.forDir(dir.path())
                .call("PUT", "/api2/json/cluster/quorum/expected", new JsonObject().put("expected", expected))
                .getJsonObject("data");
        spec.commandLine().getOut().println(output.json() ? data.encodePrettily() : data.getString("message"));
        return 0;
    }
}
