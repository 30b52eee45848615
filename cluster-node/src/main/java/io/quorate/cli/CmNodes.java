package io.quorate.cli;

import io.quorate.quorum.QuorumStatusFormat;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "nodes", mixinStandardHelpOptions = true, description = "Members of the current view (pvecm nodes).")
final class CmNodes implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeDirOption dir;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        JsonObject quorum = NodeApi.forDir(dir.path()).get("/api2/json/cluster/quorum").getJsonObject("data").getJsonObject("quorum");
        if (output.json()) {
            spec.commandLine().getOut().println(quorum.getJsonArray("members").encodePrettily());
        } else {
            spec.commandLine().getOut().print(QuorumStatusFormat.membershipText(CmStatus.statusOf(quorum)));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
