package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.quorate.config.ConfigException;
import io.quorate.config.NodeEntry;
import io.quorate.configdb.ConfigDb;
import io.quorate.core.Outcome;
import io.quorate.ha.config.CrsMode;
import io.quorate.ha.config.DatacenterConfig;
import io.quorate.ha.config.GroupsConfig;
import io.quorate.ha.config.HaGroup;
import io.quorate.ha.config.HaResource;
import io.quorate.ha.config.HaRule;
import io.quorate.ha.config.NodeAffinityRule;
import io.quorate.ha.config.ResourceAffinityRule;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.quorate.ha.config.RulesConfig;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.state.LrmStatusJson;
import io.quorate.ha.state.ManagerStatusJson;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /api2/json/cluster/ha/...}, shaped like pve-ha-manager's API ({@code PVE::API2::HA::*}):
 * the HA status (status/current, status/manager_status) and the HA config files (resources,
 * groups, rules), read from the node's committed config tree. Reads work without quorum;
 * {@code consistent=1} first makes a linearizable read through the majority (the CLI asks for it
 * after its own edits). Writes go through the CLI's locked edits of the files, not through here.
 */
public final class HaRoutes implements ApiRoutes {
    private static final String BASE = "/api2/json/cluster/ha";
    private final NodeRuntime runtime;

    public HaRoutes(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void mount(Router router) {
        router.get(BASE + "/status").handler(context -> ApiReply.data(context,
                new JsonArray().add(new JsonObject().put("name", "current")).add(new JsonObject().put("name", "manager_status"))));
        router.get(BASE + "/status/current").handler(read(this::current));
        router.get(BASE + "/status/manager_status").handler(read(this::managerStatus));
        router.get(BASE + "/resources").handler(read(this::resources));
        router.get(BASE + "/resources/:sid").handler(read(this::resource));
        router.get(BASE + "/groups").handler(read(this::groups));
        router.get(BASE + "/groups/:group").handler(read(this::group));
        router.get(BASE + "/rules").handler(read(this::rules));
        router.get(BASE + "/rules/:rule").handler(read(this::rule));
    }

    /** A reply computed from the tree on the core's loop; a {@link Problem} becomes an error reply. */
    @FunctionalInterface
    private interface Read {
        Object apply(RoutingContext context, StoredFiles files);
    }

    private Handler<RoutingContext> read(Read read) {
        return context -> {
            boolean consistent = "1".equals(context.queryParams().get("consistent"));
            Future<Outcome> ready = consistent
                    ? runtime.request((core, id, now, out) -> core.consistentRead(id, now, out))
                    : Future.succeededFuture(new Outcome.ReadReady(0));
            ready.onComplete(result -> runtime.runOnCore(() -> {
                if (result.failed()) {
                    ApiReply.error(context, 500, result.cause().getMessage());
                } else if (!(result.result() instanceof Outcome.ReadReady)) {
                    ConfigOutcomes.replyError(context, result.result());
                } else {
                    try {
                        ApiReply.data(context, read.apply(context, new StoredFiles(runtime.core().configDb())));
                    } catch (Problem p) {
                        ApiReply.error(context, p.status, p.getMessage(), p.fields);
                    } catch (RuntimeException e) {
                        ApiReply.error(context, 500, "internal error: " + e.getMessage());
                    }
                }
            }));
        };
    }

    private Object current(RoutingContext context, StoredFiles files) {
        List<String> members = clusterNodes();
        return new CurrentStatus(runtime.node().nodeName(), runtime.core().quorumStatus().quorate(),
                Math.floorDiv(runtime.clock().wallMs(), 1000), files.managerStatus(), files.resources(), files.crsMode(),
                files::lrmStatus, sid -> guestNode(files, members, sid)).entries(members);
    }

    /** Proxmox's full state: the stored manager status as is, each node's LRM status, and quorum. */
    private Object managerStatus(RoutingContext context, StoredFiles files) {
        JsonObject manager = files.managerStatus();
        JsonObject lrm = new JsonObject();
        for (String node : CurrentStatus.nodes(clusterNodes(), manager)) {
            // Proxmox's read_lrm_status answers a missing file with mode 'unknown'
            lrm.put(node, files.lrmStatus(node).orElse(new JsonObject().put("mode", "unknown")));
        }
        return new JsonObject().put("manager_status", manager).put("lrm_status", lrm).put("quorum", new JsonObject()
                .put("node", runtime.node().nodeName()).put("quorate", runtime.core().quorumStatus().quorate() ? 1 : 0));
    }

    private Object resources(RoutingContext context, StoredFiles files) {
        String type = context.queryParams().get("type");
        String digest = files.digest(HaPaths.RESOURCES);
        JsonArray list = new JsonArray();
        files.resources().resources().stream().filter(r -> type == null || r.sid().type().equals(type))
                .forEach(r -> list.add(resourceJson(r, digest)));
        return list;
    }

    private Object resource(RoutingContext context, StoredFiles files) {
        String text = context.pathParam("sid");
        ResourceId sid;
        try {
            sid = ResourceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Problem(400, e.getMessage(), new JsonObject().put("sid", "invalid format"));
        }
        HaResource resource = files.resources().get(sid)
                .orElseThrow(() -> new Problem(404, "no such resource '" + sid + "'", null));
        return resourceJson(resource, files.digest(HaPaths.RESOURCES));
    }

    private Object groups(RoutingContext context, StoredFiles files) {
        String digest = files.digest(HaPaths.GROUPS);
        JsonArray list = new JsonArray();
        files.groups().groups().forEach(g -> list.add(groupJson(g, digest)));
        return list;
    }

    private Object group(RoutingContext context, StoredFiles files) {
        String name = configId(context.pathParam("group"), "group");
        HaGroup group = files.groups().get(name).orElseThrow(() -> new Problem(404, "no such ha group '" + name + "'", null));
        return groupJson(group, files.digest(HaPaths.GROUPS));
    }

    private Object rules(RoutingContext context, StoredFiles files) {
        String type = context.queryParams().get("type");
        String resource = context.queryParams().get("resource");
        String digest = files.digest(HaPaths.RULES);
        List<HaRule> rules = files.rules().rules();
        JsonArray list = new JsonArray();
        for (int i = 0; i < rules.size(); i++) {
            HaRule rule = rules.get(i);
            if ((type == null || rule.type().equals(type))
                    && (resource == null || rule.resources().stream().anyMatch(r -> r.toString().equals(resource)))) {
                list.add(ruleJson(rule, i + 1, digest));
            }
        }
        return list;
    }

    private Object rule(RoutingContext context, StoredFiles files) {
        String id = configId(context.pathParam("rule"), "rule");
        List<HaRule> rules = files.rules().rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return ruleJson(rules.get(i), i + 1, files.digest(HaPaths.RULES));
            }
        }
        throw new Problem(404, "no such ha rule '" + id + "'", null);
    }

    /** Group and rule ids are pve-configids (HaSyntax.CONFIG_ID); anything else is a malformed request, not a missing entry. */
    private static String configId(String id, String what) {
        if (!id.matches("[a-zA-Z][a-zA-Z0-9_-]+")) {
            throw new Problem(400, "invalid " + what + " id '" + id + "': a letter, then letters, digits, '-' or '_'",
                    new JsonObject().put(what, "invalid format"));
        }
        return id;
    }

    private List<String> clusterNodes() {
        return runtime.node().config(runtime.core().spec()).nodes().stream().map(NodeEntry::name).sorted().toList();
    }

    /** Where the guest's config lives (Proxmox's vmlist node), if on any member. */
    private static Optional<String> guestNode(StoredFiles files, List<String> members, ResourceId sid) {
        return members.stream().filter(node -> files.exists(HaPaths.guestConfig(node, sid.toString()))).findFirst();
    }

    static JsonObject resourceJson(HaResource r, String digest) {
        JsonObject json = new JsonObject().put("sid", r.sid().toString()).put("type", r.sid().type())
                .put("state", r.state().text()).put("max_restart", r.maxRestart()).put("max_relocate", r.maxRelocate())
                .put("failback", r.failback() ? 1 : 0);
        r.group().ifPresent(g -> json.put("group", g));
        r.comment().ifPresent(c -> json.put("comment", c));
        return json.put("digest", digest);
    }

    static JsonObject groupJson(HaGroup g, String digest) {
        JsonObject json = new JsonObject().put("group", g.name()).put("type", "group").put("nodes", g.nodes().format())
                .put("restricted", g.restricted() ? 1 : 0).put("nofailback", g.nofailback() ? 1 : 0);
        g.comment().ifPresent(c -> json.put("comment", c));
        return json.put("digest", digest);
    }

    static JsonObject ruleJson(HaRule rule, int order, String digest) {
        JsonObject json = new JsonObject().put("rule", rule.id()).put("type", rule.type())
                .put("resources", rule.resources().stream().map(ResourceId::toString).collect(Collectors.joining(",")))
                .put("disable", rule.disabled() ? 1 : 0).put("order", order);
        if (rule instanceof NodeAffinityRule nodeAffinity) {
            json.put("nodes", nodeAffinity.nodes().format()).put("strict", nodeAffinity.strict() ? 1 : 0);
        } else if (rule instanceof ResourceAffinityRule resourceAffinity) {
            json.put("affinity", resourceAffinity.affinity().text());
        }
        rule.comment().ifPresent(c -> json.put("comment", c));
        return json.put("digest", digest);
    }

    /** A request that cannot be answered: the HTTP status, a message naming the problem, per-field reasons. */
    static final class Problem extends RuntimeException {
        final int status;
        final JsonObject fields;

        Problem(int status, String message, JsonObject fields) {
            super(message);
            this.status = status;
            this.fields = fields;
        }
    }

    /**
     * The HA files of the local committed tree, parsed. A file that does not parse is the cluster's
     * problem, not the request's: 500, naming the file and what is wrong with it.
     */
    static final class StoredFiles {
        private final ConfigDb db;

        StoredFiles(ConfigDb db) {
            this.db = db;
        }

        boolean exists(String path) {
            return db.readFile(path).isPresent();
        }

        String text(String path) {
            return db.readFile(path).map(f -> new String(f.content().unsafeArray(), StandardCharsets.UTF_8)).orElse("");
        }

        /** Proxmox's digest: SHA-1 of the file's bytes, so a client can tell whether it changed. */
        String digest(String path) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text(path).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        ResourcesConfig resources() {
            return parsed(HaPaths.RESOURCES, ResourcesConfig::parse);
        }

        GroupsConfig groups() {
            return parsed(HaPaths.GROUPS, GroupsConfig::parse);
        }

        RulesConfig rules() {
            return parsed(HaPaths.RULES, RulesConfig::parse);
        }

        /** The CRS mode the master status mentions; a broken datacenter.cfg is not the HA status's concern. */
        CrsMode crsMode() {
            try {
                return DatacenterConfig.parse(HaPaths.DATACENTER, text(HaPaths.DATACENTER)).ha().crsMode();
            } catch (ConfigException | RuntimeException e) {
                return CrsMode.DEFAULT;
            }
        }

        /** The stored manager status ({} when there is none yet), checked by the codec the CRM uses. */
        JsonObject managerStatus() {
            Optional<byte[]> content = db.readFile(HaPaths.MANAGER_STATUS).map(f -> f.content().unsafeArray());
            if (content.isEmpty() || content.get().length == 0) {
                return new JsonObject();
            }
            try {
                ManagerStatusJson.decode(content.get(), 0);
                JsonObject json = new JsonObject(new String(content.get(), StandardCharsets.UTF_8));
                json.getLong("timestamp"); // a timestamp that is no number would break the status below
                return json;
            } catch (IllegalArgumentException | ClassCastException e) {
                throw corrupt(HaPaths.MANAGER_STATUS, e);
            }
        }

        Optional<JsonObject> lrmStatus(String node) {
            Optional<byte[]> content = db.readFile(HaPaths.lrmStatus(node)).map(f -> f.content().unsafeArray());
            if (content.isEmpty()) {
                return Optional.empty();
            }
            try {
                LrmStatusJson.decode(node, content.get());
                JsonObject json = new JsonObject(new String(content.get(), StandardCharsets.UTF_8));
                json.getLong("timestamp"); // the codec does not look at it; the status does
                return Optional.of(json);
            } catch (IllegalArgumentException | ClassCastException | DecodeException e) {
                throw corrupt(HaPaths.lrmStatus(node), e);
            }
        }

        private interface Parser<T> {
            T parse(String source, String text) throws ConfigException;
        }

        private <T> T parsed(String path, Parser<T> parser) {
            try {
                return parser.parse(path, text(path));
            } catch (ConfigException e) {
                throw new Problem(500, "corrupt " + e.getMessage(), null);
            }
        }

        private static Problem corrupt(String path, RuntimeException e) {
            // JSON decoders add the input position on a second line; the reason is one line
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
            return new Problem(500, "corrupt " + (message.startsWith(path) ? message : path + ": " + message), null);
        }
    }

    /**
     * {@code status/current} as pve-ha-manager's {@code PVE::API2::HA::Status} computes it: the quorum
     * entry, the master (if any has written a status), one LRM entry per node and one entry per
     * service. Pure: everything it looks at is passed in.
     */
    static final class CurrentStatus {
        /**
         * A status written longer ago than this is "old timestamp - dead?". Proxmox uses 30 s with its
         * 10 s loops; Quorate allows 60 s.
         */
        static final long STALE_SECONDS = 60;
        private static final Set<String> INACTIVE = Set.of("stopped", "freeze", "error", "request_start");

        private final String localNode;
        private final boolean quorate;
        private final long now;
        private final JsonObject manager;
        private final ResourcesConfig config;
        private final CrsMode crs;
        private final Function<String, Optional<JsonObject>> lrmStatus;
        private final Function<ResourceId, Optional<String>> guestNode;

        CurrentStatus(String localNode, boolean quorate, long now, JsonObject manager, ResourcesConfig config, CrsMode crs,
                      Function<String, Optional<JsonObject>> lrmStatus, Function<ResourceId, Optional<String>> guestNode) {
            this.localNode = localNode;
            this.quorate = quorate;
            this.now = now;
            this.manager = manager;
            this.config = config;
            this.crs = crs;
            this.lrmStatus = lrmStatus;
            this.guestNode = guestNode;
        }

        /** Every cluster member, and any node the manager still knows (e.g. one being deleted), sorted. */
        static Set<String> nodes(List<String> members, JsonObject manager) {
            Set<String> nodes = new TreeSet<>(members);
            nodes.addAll(manager.getJsonObject("node_status", new JsonObject()).fieldNames());
            return nodes;
        }

        JsonArray entries(List<String> members) {
            JsonArray entries = new JsonArray();
            entries.add(new JsonObject().put("id", "quorum").put("type", "quorum").put("node", localNode)
                    .put("status", quorate ? "OK" : "No quorum on node '" + localNode + "'!").put("quorate", quorate ? 1 : 0));
            master().ifPresent(entries::add);
            nodes(members, manager).forEach(node -> entries.add(lrm(node)));
            JsonObject services = manager.getJsonObject("service_status", new JsonObject());
            Set<String> listed = new TreeSet<>(services.fieldNames());
            listed.forEach(sid -> entries.add(service(sid, services.getJsonObject(sid))));
            // configured resources the CRM has not taken up yet
            config.resources().stream().map(r -> r.sid().toString()).filter(sid -> !listed.contains(sid)).sorted()
                    .forEach(sid -> entries.add(service(sid, null)));
            return entries;
        }

        private Optional<JsonObject> master() {
            String master = manager.getString("master_node");
            Long timestamp = manager.getLong("timestamp");
            if (master == null || timestamp == null) {
                return Optional.empty();
            }
            String state = freshness(timestamp);
            if (quorate && !state.equals("active") && config.isEmpty()) {
                state = "idle"; // no services: an inactive CRM is simply idle
            }
            String extra = crs == CrsMode.BASIC ? "" : " - " + crs.text() + " load CRS";
            return Optional.of(new JsonObject().put("id", "master").put("type", "master").put("node", master)
                    .put("status", master + " (" + state + ", " + time(timestamp) + ")" + extra).put("timestamp", timestamp));
        }

        private JsonObject lrm(String node) {
            JsonObject entry = new JsonObject().put("id", "lrm:" + node).put("type", "lrm").put("node", node);
            JsonObject lrm = lrmStatus.apply(node).orElse(new JsonObject());
            long timestamp = lrm.getLong("timestamp", 0L);
            if (timestamp == 0) {
                return entry.put("status", node + " (unable to read lrm status)");
            }
            String state = freshness(timestamp);
            String mode = lrm.getString("mode");
            if (state.equals("active")) {
                mode = mode == null || mode.isEmpty() ? "active" : mode;
                String lrmState = lrm.getString("state", "unknown");
                if (!mode.equals("active")) {
                    state = mode + " mode";
                } else {
                    state = lrmState.equals("wait_for_agent_lock") && activeServices(node) == 0 ? "idle" : lrmState;
                }
            } else if ("maintenance".equals(mode)) {
                state = "maintenance mode";
            }
            return entry.put("status", node + " (" + state + ", " + time(timestamp) + ")").put("timestamp", timestamp);
        }

        /** The LRM's own count: services on the node it has to run or watch. */
        private long activeServices(String node) {
            JsonObject services = manager.getJsonObject("service_status", new JsonObject());
            return services.fieldNames().stream().map(services::getJsonObject)
                    .filter(s -> node.equals(s.getString("node")) && s.getString("state") != null
                            && !INACTIVE.contains(s.getString("state")))
                    .count();
        }

        private JsonObject service(String sid, JsonObject status) {
            Optional<HaResource> conf = parse(sid).flatMap(config::get);
            JsonObject entry = new JsonObject().put("id", "service:" + sid).put("type", "service").put("sid", sid);
            String node = null;
            if (status != null) {
                node = status.getString("node");
                entry.put("crm_state", status.getString("state"));
            } else if (conf.isPresent()) {
                node = guestNode.apply(conf.get().sid()).orElse(null);
            }
            if (node != null) {
                entry.put("node", node);
            }
            String state = verboseState(status, conf);
            entry.put("state", state).put("status", sid + " (" + (node == null ? "---" : node) + ", " + state + ")");
            conf.ifPresent(r -> {
                entry.put("request_state", r.state().text()).put("max_restart", r.maxRestart())
                        .put("max_relocate", r.maxRelocate()).put("failback", r.failback() ? 1 : 0);
                r.group().ifPresent(g -> entry.put("group", g));
                r.comment().ifPresent(c -> entry.put("comment", c));
            });
            return entry;
        }

        /** Proxmox's {@code get_verbose_service_state}: the CRM state, with fast feedback on a pending request. */
        static String verboseState(JsonObject status, Optional<HaResource> conf) {
            if (conf.isEmpty()) {
                return "deleting";
            }
            String requested = conf.get().state().text();
            if (requested.equals("ignored")) {
                return "ignored";
            }
            String current = status == null ? null : status.getString("state");
            if (current == null) {
                return "queued";
            }
            if (current.equals("stopped")) {
                return requested.equals("started") ? "starting" : requested.equals("disabled") ? "disabled" : current;
            }
            if (current.equals("started")) {
                // Quorate's CRM does not record 'running'; when a status does, a false one still means starting
                Object running = status.getValue("running");
                if (running != null && (Boolean.FALSE.equals(running) || Integer.valueOf(0).equals(running))) {
                    return "starting";
                }
                return requested.equals("stopped") || requested.equals("disabled") ? "stopping" : current;
            }
            if (current.equals("error") && requested.equals("disabled")) {
                return "clearing error flag";
            }
            return current;
        }

        private static Optional<ResourceId> parse(String sid) {
            try {
                return Optional.of(ResourceId.parse(sid));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private String freshness(long timestamp) {
            long age = now - timestamp;
            return age > STALE_SECONDS ? "old timestamp - dead?" : age < -2 ? "detected time drift!" : "active";
        }

        private static String time(long epochSeconds) {
            return Instant.ofEpochSecond(epochSeconds).toString();
        }
    }
}
