package io.quorate.cli;

import io.quorate.config.ConfigException;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.quorate.ha.state.HaPaths;
import io.vertx.core.json.JsonArray;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** What HA commands check before they queue or write anything: known nodes and configured resources. */
final class HaChecks {
    private HaChecks() {
    }

    /** The nodelist of corosync.conf, as the node serves it. */
    static List<String> members(NodeApi api) {
        JsonArray nodes = api.get("/api2/json/cluster/config/nodes").getJsonArray("data");
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            names.add(nodes.getJsonObject(i).getString("node"));
        }
        return List.copyOf(names);
    }

    /** Refuses nodes outside the cluster, naming them and the members. */
    static void requireMembers(NodeApi api, Collection<String> nodes) {
        List<String> members = members(api);
        List<String> unknown = nodes.stream().filter(n -> !members.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new CliException("no cluster node " + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + " (nodes: " + String.join(", ", members) + ")");
        }
    }

    /** Refuses resources that ha/resources.cfg does not define (read consistently: call it under the ha_config lock). */
    static void requireConfigured(NodeApi api, Collection<ResourceId> sids) {
        ResourcesConfig config;
        try {
            config = ResourcesConfig.parse(HaPaths.RESOURCES, HaConfigEdit.read(api, HaPaths.RESOURCES));
        } catch (ConfigException e) {
            throw new CliException(e.getMessage());
        }
        List<String> unknown = sids.stream().filter(sid -> !config.contains(sid)).map(sid -> "'" + sid + "'").sorted().toList();
        if (!unknown.isEmpty()) {
            throw new CliException("no HA resource " + String.join(", ", unknown) + " (add it first: quorate ha add)");
        }
    }

    /** A 0|1 option value (true/false, yes/no, on/off too, as Proxmox reads booleans). */
    static boolean bool(String option, String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new CliException(option + " must be 0 or 1, got '" + value + "'", 2);
        }
    }

    /** GETs an HA route's data after a consistent read, so a command sees the edits before it. */
    static Object haData(NodeApi api, String route) {
        return api.get("/api2/json/cluster/ha/" + route + (route.contains("?") ? "&" : "?") + "consistent=1").getValue("data");
    }
}
