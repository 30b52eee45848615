package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.config.NodeEntry;
import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.Guard;
import io.quorate.core.Outcome;
import io.quorate.protocol.Blob;
import io.quorate.membership.View;
import io.quorate.node.ClusterSpec;
import io.quorate.node.NodeCore;
import io.quorate.quorum.QuorumStatus;
import io.quorate.quorum.QuorumStatusView;
import io.quorate.quorum.SetExpectedResult;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/** {@code /api2/json/cluster/...}: status, nodelist, join, delnode, votequorum. */
public final class ClusterRoutes implements ApiRoutes {
    /** Proxmox node names are host names: letters, digits and dashes, not starting with a dash. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,62}");
    static final String NO_QUORUM = "cluster not ready - no quorum?";

    private final NodeRuntime runtime;

    public ClusterRoutes(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void mount(Router router) {
        router.get("/api2/json/version").handler(this::version);
        router.get("/api2/json/cluster/status").handler(onCore(this::clusterStatus));
        router.get("/api2/json/cluster/config/nodes").handler(onCore(this::configNodes));
        router.post("/api2/json/cluster/config/nodes/:node").handler(onCore(this::addNode));
        router.delete("/api2/json/cluster/config/nodes/:node").handler(onCore(this::deleteNode));
        router.get("/api2/json/cluster/quorum").handler(onCore(this::quorum));
        router.put("/api2/json/cluster/quorum/expected").handler(onCore(this::setExpected));
    }

    private Handler<RoutingContext> onCore(Handler<RoutingContext> handler) {
        return ApiRoutes.onCore(runtime, handler);
    }

    private NodeCore core() {
        return runtime.core();
    }

    private void version(RoutingContext context) {
        ApiReply.data(context, new JsonObject().put("version", io.quorate.runtime.Versions.software()).put("release", "quorate"));
    }

    private void clusterStatus(RoutingContext context) {
        ClusterSpec spec = core().spec();
        View view = core().view();
        QuorumStatus quorum = core().quorumStatus();
        JsonArray entries = new JsonArray();
        entries.add(new JsonObject().put("type", "cluster").put("id", "cluster").put("name", spec.clusterName())
                .put("version", spec.configVersion()).put("nodes", spec.nodelist().size())
                .put("quorate", quorum.quorate() ? 1 : 0));
        for (NodeEntry node : runtime.node().config(spec).nodes()) {
            entries.add(new JsonObject().put("type", "node").put("id", "node/" + node.name()).put("name", node.name())
                    .put("nodeid", node.nodeId()).put("ip", node.host()).put("level", "")
                    .put("online", view.contains(node.nodeId()) ? 1 : 0)
                    .put("local", node.nodeId() == core().localNodeId() ? 1 : 0));
        }
        ApiReply.data(context, entries);
    }

    private void configNodes(RoutingContext context) {
        JsonArray nodes = new JsonArray();
        for (NodeEntry node : runtime.node().config(core().spec()).nodes()) {
            nodes.add(new JsonObject().put("node", node.name()).put("name", node.name())
                    .put("nodeid", Integer.toString(node.nodeId())).put("quorum_votes", Integer.toString(node.votes()))
                    .put("ring0_addr", node.address().toString()));
        }
        ApiReply.data(context, nodes);
    }

    private void quorum(RoutingContext context) {
        ClusterSpec spec = core().spec();
        JsonObject cluster = new JsonObject().put("name", spec.clusterName()).put("config_version", spec.configVersion())
                .put("transport", spec.transport()).put("secauth", spec.secureAuth() ? "on" : "off");
        JsonObject quorum = JsonObject.mapFrom(QuorumStatusView.of(core().quorumStatus(), Instant.ofEpochMilli(runtime.clock().wallMs()), java.time.ZoneOffset.UTC));
        ApiReply.data(context, new JsonObject().put("cluster", cluster).put("quorum", quorum));
    }

    private void setExpected(RoutingContext context) {
        JsonObject body = ApiBodies.jsonBody(context);
        if (body == null) {
            return;
        }
        Integer expected = ApiBodies.integerField(context, body, "expected", true);
        if (expected == null) {
            return;
        }
        int configuredVotes = core().spec().voters().voters().stream().mapToInt(v -> v.votes()).sum();
        if (expected < 1 || expected > configuredVotes) {
            String reason = "expected votes must be between 1 and the " + configuredVotes + " votes of the nodelist";
            ApiReply.error(context, 400, "unable to set expected votes: " + reason, new JsonObject().put("expected", reason));
            return;
        }
        SetExpectedResult result = runtime.setExpectedVotes(expected);
        if (!result.accepted()) {
            ApiReply.error(context, 400, "unable to set expected votes: " + result.reason(),
                    new JsonObject().put("expected", result.reason()));
            return;
        }
        ApiReply.data(context, new JsonObject().put("expected", expected).put("message", result.reason()));
    }

    /**
     * Join (the API behind {@code cm add}, like Proxmox's POST cluster/config/nodes/{node}): adds the
     * node to corosync.conf with config_version + 1, spreads it, and hands the joiner what it needs.
     */
    private void addNode(RoutingContext context) {
        String name = context.pathParam("node");
        JsonObject body = ApiBodies.jsonBody(context);
        if (body == null || !validNodeName(context, name)) {
            return;
        }
        String link0 = body.getValue("link0") instanceof String s ? s : null;
        if (link0 == null || link0.isBlank()) {
            ApiReply.error(context, 400, "parameter verification failed", new JsonObject().put("link0", "property is missing"));
            return;
        }
        Integer nodeId = ApiBodies.integerField(context, body, "nodeid", false);
        if (context.response().ended()) {
            return;
        }
        if (!core().quorumStatus().quorate()) {
            ApiReply.error(context, 500, NO_QUORUM);
            return;
        }
        ClusterConfig updated;
        try {
            ClusterConfig current = runtime.node().config(core().spec());
            updated = nodeId == null ? current.withNode(name, link0) : current.withNode(name, link0, nodeId);
        } catch (ConfigException e) {
            ApiReply.error(context, 400, e.problem(), new JsonObject().put("node", e.problem()));
            return;
        }
        NodeEntry added = updated.node(name).orElseThrow();
        commitNodelist(context, updated, committed -> ApiReply.data(context, new JsonObject()
                .put("nodeid", added.nodeId())
                .put("config_version", updated.configVersion())
                .put("committed", committed)
                .put("corosync_conf", updated.toText())
                .put("corosync_authkey", Base64.getEncoder().encodeToString(runtime.node().authkey()))
                .put("api_token", runtime.node().tokens().admin().text())
                .put("api_token_ro", runtime.node().tokens().readOnly().text())));
    }

    private void deleteNode(RoutingContext context) {
        String name = context.pathParam("node");
        if (!validNodeName(context, name)) {
            return;
        }
        if (!core().quorumStatus().quorate()) {
            ApiReply.error(context, 500, NO_QUORUM);
            return;
        }
        ClusterConfig current = runtime.node().config(core().spec());
        NodeEntry node = current.node(name).orElse(null);
        if (node == null) {
            ApiReply.error(context, 400, "no node named '" + name + "' in the nodelist", new JsonObject().put("node", "unknown node"));
            return;
        }
        if (node.nodeId() == core().localNodeId()) {
            ApiReply.error(context, 400, "cannot delete the local node; run delnode on another member");
            return;
        }
        if (core().view().contains(node.nodeId())) {
            ApiReply.error(context, 400, "node '" + name + "' is still a member of the cluster; stop it first (as pvecm delnode asks)");
            return;
        }
        ClusterConfig updated;
        try {
            updated = current.withoutNode(name);
        } catch (ConfigException e) {
            ApiReply.error(context, 400, e.problem());
            return;
        }
        commitNodelist(context, updated, committed -> ApiReply.data(context,
                new JsonObject().put("config_version", updated.configVersion()).put("committed", committed)));
    }

    /**
     * Writes the new corosync.conf through the config log; {@code onDone} gets whether it committed
     * (false: it is in the leader's log and commits once the added node runs).
     */
    private void commitNodelist(RoutingContext context, ClusterConfig updated, java.util.function.Consumer<Boolean> onDone) {
        commitNodelist(context, updated.toText().getBytes(java.nio.charset.StandardCharsets.UTF_8), onDone,
                System.nanoTime() + BUSY_PATIENCE_NANOS);
    }

    /** A change that finds the log busy (a previous change, or a leader new in its term) is tried again for a while. */
    private static final long BUSY_PATIENCE_NANOS = 10_000_000_000L;

    private void commitNodelist(RoutingContext context, byte[] text, java.util.function.Consumer<Boolean> onDone, long deadline) {
        runtime.request((core, id, now, out) -> core.write(id, ConfigDb.COROSYNC_CONF, Blob.wrap(text), Guard.NONE, now, out))
                .onComplete(result -> {
                    if (result.failed()) {
                        ApiReply.error(context, 500, result.cause().getMessage());
                    } else if (result.result() instanceof Outcome.Done) {
                        onDone.accept(true);
                    } else if (result.result() instanceof Outcome.Logged) {
                        onDone.accept(false);
                    } else if (result.result() instanceof Outcome.Refused refused && refused.reason() == Outcome.Refusal.BUSY
                            && System.nanoTime() < deadline) {
                        runtime.later(200, () -> commitNodelist(context, text, onDone, deadline));
                    } else {
                        ConfigOutcomes.replyError(context, result.result());
                    }
                });
    }

    private static boolean validNodeName(RoutingContext context, String name) {
        if (!NODE_NAME.matcher(name).matches()) {
            ApiReply.error(context, 400, "invalid node name '" + name + "': letters, digits and '-', at most 63",
                    new JsonObject().put("node", "invalid format"));
            return false;
        }
        return true;
    }
}
