package io.quorate.ha.state;

import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceState;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code ha/manager_status} in pve-ha-manager's JSON shape ({@code master_node}, {@code node_status},
 * {@code service_status}, {@code node_request}, {@code timestamp}), so Proxmox tooling reads it. The
 * one Quorate addition, {@code fenced_nodes}, names nodes fenced since they were last online, so a
 * new master does not fence a dead node twice.
 */
public final class ManagerStatusJson {
    private ManagerStatusJson() {
    }

    public static JsonObject toJson(ManagerStatus status, long timestampSeconds) {
        JsonObject nodes = new JsonObject();
        JsonArray fenced = new JsonArray();
        status.nodes.forEach((name, entry) -> {
            nodes.put(name, entry.state.pveName());
            if (entry.fencedAt > entry.lastOnline) {
                fenced.add(name);
            }
        });
        JsonObject services = new JsonObject();
        status.services.forEach((sid, entry) -> {
            JsonObject service = new JsonObject().put("node", entry.node).put("state", entry.state.pveName()).put("uid", entry.uid);
            if (entry.target != null) {
                service.put("target", entry.target);
            }
            if (entry.maintenanceNode != null) {
                service.put("maintenance_node", entry.maintenanceNode);
            }
            if (!entry.failedNodes.isEmpty()) {
                service.put("failed_nodes", new JsonArray(entry.failedNodes));
            }
            services.put(sid, service);
        });
        JsonObject requests = new JsonObject();
        status.maintenanceRequested.forEach(node -> requests.put(node, new JsonObject().put("maintenance", 1)));
        JsonObject json = new JsonObject();
        if (status.masterNode != null) {
            json.put("master_node", status.masterNode);
        }
        return json.put("node_status", nodes).put("service_status", services).put("node_request", requests)
                .put("fenced_nodes", fenced).put("timestamp", timestampSeconds);
    }

    public static byte[] encode(ManagerStatus status, long timestampSeconds) {
        return toJson(status, timestampSeconds).encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a stored manager status. Every node counts as last online at {@code now}: a new master
     * measures the fence delay of an offline node from when it took over, as Proxmox does.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ManagerStatus decode(byte[] content, long now) {
        JsonObject json;
        try {
            json = content.length == 0 ? new JsonObject() : new JsonObject(new String(content, java.nio.charset.StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("ha/manager_status is not a JSON object: " + e.getMessage());
        }
        try {
            return fromJson(json, now);
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("ha/manager_status: " + e.getMessage());
        }
    }

    private static ManagerStatus fromJson(JsonObject json, long now) {
        ManagerStatus status = new ManagerStatus();
        status.masterNode = json.getString("master_node");
        JsonArray fenced = json.getJsonArray("fenced_nodes", new JsonArray());
        for (Map.Entry<String, Object> node : json.getJsonObject("node_status", new JsonObject())) {
            ManagerStatus.NodeEntry entry = new ManagerStatus.NodeEntry(nodeState(node.getKey(), node.getValue()), now);
            if (fenced.contains(node.getKey())) {
                entry.fencedAt = now + 1;
            }
            status.nodes.put(node.getKey(), entry);
        }
        for (Map.Entry<String, Object> service : json.getJsonObject("service_status", new JsonObject())) {
            if (!(service.getValue() instanceof JsonObject fields)) {
                throw new IllegalArgumentException("service_status." + service.getKey() + " is not an object");
            }
            String state = fields.getString("state");
            String node = fields.getString("node");
            if (state == null || node == null) {
                throw new IllegalArgumentException("service_status." + service.getKey() + " lacks state or node");
            }
            ManagerStatus.ServiceEntry entry = new ManagerStatus.ServiceEntry(serviceState(service.getKey(), state), node,
                    fields.getString("uid"));
            entry.target = fields.getString("target");
            entry.maintenanceNode = fields.getString("maintenance_node");
            fields.getJsonArray("failed_nodes", new JsonArray()).forEach(n -> entry.failedNodes.add(String.valueOf(n)));
            status.services.put(service.getKey(), entry);
        }
        for (Map.Entry<String, Object> request : json.getJsonObject("node_request", new JsonObject())) {
            if (request.getValue() instanceof JsonObject fields && fields.getInteger("maintenance", 0) != 0) {
                status.maintenanceRequested.add(request.getKey());
            }
        }
        return status;
    }

    private static NodeState nodeState(String node, Object value) {
        try {
            return NodeState.ofPveName(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node_status." + node + ": unknown state '" + value + "'");
        }
    }

    private static ServiceState serviceState(String sid, String value) {
        try {
            return ServiceState.ofPveName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service_status." + sid + ": unknown state '" + value + "'");
        }
    }
}
