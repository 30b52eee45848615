package io.quorate.cli;

import io.quorate.protocol.RingId;
import io.quorate.quorum.ClusterInfo;
import io.quorate.quorum.QuorumStatus;
import io.quorate.quorum.QuorumStatusFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Cluster and votequorum status, as pvecm status / corosync-quorumtool -s print it.")
final class CmStatus extends NodeCliCommand {
    @Override
    public Integer call() {
        JsonObject data = NodeApi.forDir(dir.path()).get("/api2/json/cluster/quorum").getJsonObject("data");
        print(data::encodePrettily, () -> {
            JsonObject cluster = data.getJsonObject("cluster");
            ClusterInfo info = new ClusterInfo(cluster.getString("name"), cluster.getLong("config_version"),
                    cluster.getString("transport"), "on".equals(cluster.getString("secauth")));
            JsonObject quorum = data.getJsonObject("quorum");
            // Date as corosync-quorumtool prints it (ctime, local zone) so existing scripts keep working;
            // the JSON form carries RFC 3339.
            return QuorumStatusFormat.pvecmStatusText(info, statusOf(quorum),
                    Instant.parse(toInstant(quorum.getString("date"))), ZoneId.systemDefault());
        });
        return 0;
    }

    private static String toInstant(String rfc3339) {
        return java.time.OffsetDateTime.parse(rfc3339).toInstant().toString();
    }

    /** Rebuilds the status record from the API's JSON view. */
    static QuorumStatus statusOf(JsonObject view) {
        List<QuorumStatus.Member> members = new ArrayList<>();
        JsonArray list = view.getJsonArray("members");
        for (int i = 0; i < list.size(); i++) {
            JsonObject member = list.getJsonObject(i);
            members.add(new QuorumStatus.Member(member.getInteger("nodeid"), member.getString("name"), member.getInteger("votes")));
        }
        List<String> flags = view.getJsonArray("flags").stream().map(Object::toString).toList();
        return new QuorumStatus(view.getInteger("nodeId"), ringIdOf(view.getString("ringId")), members,
                view.getInteger("expectedVotes"), view.getInteger("highestExpected"), view.getInteger("totalVotes"),
                view.getInteger("quorum"), view.getBoolean("quorate"), flags);
    }

    static RingId ringIdOf(String text) {
        int dot = text.indexOf('.');
        return new RingId(Integer.parseInt(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1), 16));
    }
}
