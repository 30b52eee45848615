package io.quorate.chaos.lab;

import io.quorate.cli.InProcessCli;
import io.quorate.cli.CliException;
import io.quorate.cli.NodeApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the lab asks of its cluster through the nodes' APIs: the first node that answers does it. */
public final class LabCluster {
    private LabCluster() {
    }

    /** Writes {@code path} in the config tree through the first node that takes the write. */
    public static void writeFile(ChaosLab lab, String path, byte[] content) {
        List<String> refusals = new ArrayList<>();
        for (Path dir : lab.nodeDirs()) {
            try {
                NodeApi.forDir(dir).putBytes("/api2/json/cluster/fs/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), content);
                return;
            } catch (CliException e) {
                refusals.add(dir.getFileName() + ": " + e.getMessage());
            }
        }
        throw new LabException("no node took the write of " + path + ": " + String.join("; ", refusals));
    }

    /** {@code quorate ha add SID} through the first node that takes it. */
    public static void addHaResource(ChaosLab lab, String sid) {
        List<String> refusals = new ArrayList<>();
        for (Path dir : lab.nodeDirs()) {
            InProcessCli.Result result = InProcessCli.run("ha", "add", sid, "--dir", dir.toString());
            if (result.ok()) {
                return;
            }
            refusals.add(dir.getFileName() + ": " + result.reason());
        }
        throw new LabException("no node took 'ha add " + sid + "': " + String.join("; ", refusals));
    }

    /** GET {@code path} on {@code node}, or empty when it does not answer. */
    public static Optional<JsonObject> get(ChaosLab lab, String node, String path) {
        try {
            return Optional.of(NodeApi.forDir(lab.nodeDir(node)).get(path));
        } catch (CliException e) {
            return Optional.empty();
        }
    }

    /** The node holding the CRM master role as the first answering node reports it, if any. */
    public static Optional<String> crmMaster(ChaosLab lab) {
        for (String node : lab.nodeNames()) {
            Optional<JsonObject> status = get(lab, node, "/api2/json/cluster/ha/status/manager_status");
            Optional<String> master = status.map(s -> s.getJsonObject("data")).map(d -> d.getJsonObject("manager_status", d))
                    .map(m -> m.getString("master_node"));
            if (master.isPresent()) {
                return master;
            }
        }
        return Optional.empty();
    }

    /** The node {@code sid} is placed on in the HA status of the first answering node. */
    public static Optional<String> placement(ChaosLab lab, String sid) {
        return serviceRow(lab, sid).map(row -> row.getString("node"));
    }

    /** {@code sid}'s HA state ({@code started}, {@code fence}, {@code error}, ...) as the first answering node reports it. */
    public static Optional<String> serviceState(ChaosLab lab, String sid) {
        return serviceRow(lab, sid).map(row -> row.getString("state"));
    }

    /** Whether {@code sid} is an HA resource, placed or not yet. */
    public static boolean hasHaResource(ChaosLab lab, String sid) {
        return serviceRow(lab, sid).isPresent();
    }

    /** {@code sid}'s requested state ({@code started}, {@code stopped}, ...) from its HA resource config. */
    public static Optional<String> requestedState(ChaosLab lab, String sid) {
        return serviceRow(lab, sid).map(row -> row.getString("request_state"));
    }

    private static Optional<JsonObject> serviceRow(ChaosLab lab, String sid) {
        for (String node : lab.nodeNames()) {
            Optional<JsonArray> data = get(lab, node, "/api2/json/cluster/ha/status/current").map(s -> s.getJsonArray("data"));
            if (data.isPresent()) {
                for (Object entry : data.get()) {
                    JsonObject row = (JsonObject) entry;
                    if (sid.equals(row.getString("sid"))) {
                        return Optional.of(row);
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
