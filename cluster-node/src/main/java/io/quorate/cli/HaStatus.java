package io.quorate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ha-manager status}: one line per entry of the node's {@code cluster/ha/status/current}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the HA status (ha-manager status): quorum, CRM master, each LRM and each service.",
                "Times are RFC 3339; a status older than 60 s reads 'old timestamp - dead?'."})
final class HaStatus extends NodeCliCommand {
    @Option(names = "--verbose", description = "Also print the full cluster state: manager status, LRM status and quorum (JSON).")
    boolean verbose;

    @Override
    public Integer call() {
        NodeApi api = NodeApi.forDir(dir.path());
        JsonArray current = api.get("/api2/json/cluster/ha/status/current").getJsonArray("data");
        JsonObject full = verbose ? api.get("/api2/json/cluster/ha/status/manager_status").getJsonObject("data") : null;
        print(() -> full == null ? current.encodePrettily()
                        : new JsonObject().put("current", current).put("full_cluster_state", full).encodePrettily(),
                () -> lines(current) + (full == null ? "" : "full cluster state:\n" + full.encodePrettily() + "\n"));
        return 0;
    }

    /** ha-manager's layout: {@code <type> <status>}, e.g. {@code service vm:101 (n2, started)}. */
    static String lines(JsonArray current) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < current.size(); i++) {
            JsonObject entry = current.getJsonObject(i);
            text.append(entry.getString("type")).append(' ').append(entry.getString("status")).append('\n');
        }
        return text.toString();
    }
}
