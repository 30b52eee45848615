package io.quorate.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "expected", mixinStandardHelpOptions = true,
        description = {"Tell votequorum a new number of expected votes (pvecm expected).",
                "UNSAFE when used to let a minority run: the other side may be running too."})
final class CmExpected extends NodeCliCommand {
    @Parameters(index = "0", paramLabel = "<expected>")
    int expected;

    @Override
    public Integer call() {
        if (expected < 1) {
            throw new CliException("expected votes must be at least 1, got " + expected, 2);
        }
        JsonObject data = NodeApi.forDir(dir.path())
                .call("PUT", "/api2/json/cluster/quorum/expected", new JsonObject().put("expected", expected))
                .getJsonObject("data");
        print(data::encodePrettily, () -> data.getString("message") + "\n");
        return 0;
    }
}
