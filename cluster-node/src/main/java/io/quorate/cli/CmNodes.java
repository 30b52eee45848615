package io.quorate.cli;

import io.quorate.quorum.QuorumStatusFormat;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "nodes", mixinStandardHelpOptions = true, description = "Members of the current view (pvecm nodes).")
final class CmNodes extends NodeCliCommand {
    @Override
    public Integer call() {
        JsonObject quorum = NodeApi.forDir(dir.path()).get("/api2/json/cluster/quorum").getJsonObject("data").getJsonObject("quorum");
        print(() -> quorum.getJsonArray("members").encodePrettily(),
                () -> QuorumStatusFormat.membershipText(CmStatus.statusOf(quorum)));
        return 0;
    }
}
