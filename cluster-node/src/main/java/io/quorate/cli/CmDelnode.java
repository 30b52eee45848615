package io.quorate.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delnode", mixinStandardHelpOptions = true,
        description = "Remove a (stopped) node from the cluster configuration (pvecm delnode).")
final class CmDelnode extends NodeCliCommand {
    @Parameters(index = "0", paramLabel = "<node>")
    String node;

    @Override
    public Integer call() {
        JsonObject data = NodeApi.forDir(dir.path())
                .call("DELETE", "/api2/json/cluster/config/nodes/" + node, null).getJsonObject("data");
        print(data::encodePrettily,
                () -> "Removed node " + node + "; config_version is now " + data.getLong("config_version") + ".\n");
        return 0;
    }
}
