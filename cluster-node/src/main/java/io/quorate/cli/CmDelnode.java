package io.quorate.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "delnode", mixinStandardHelpOptions = true,
        description = "Remove a (stopped) node from the cluster configuration (pvecm delnode).")
final class CmDelnode implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<node>")
    String node;

    @Mixin
    NodeDirOption dir;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        JsonObject data = NodeApi.forDir(dir.path())
                .call("DELETE", "/api2/json/cluster/config/nodes/" + node, null).getJsonObject("data");
        spec.commandLine().getOut().println(output.json() ? data.encodePrettily()
                : "Removed node " + node + "; config_version is now " + data.getLong("config_version") + ".");
        return 0;
    }
}
