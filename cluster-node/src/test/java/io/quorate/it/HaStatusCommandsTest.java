package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeProcess;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HA API ({@code /cluster/ha/...}), {@code ha status}, the CRM command queue and the rules
 * commands on one real 3-node cluster shared by the whole class. The tests write ha/manager_status
 * and nodes/{n}/lrm_status themselves, so they test the API and CLI against known state; the nodes'
 * HA loops run every ten minutes only (and there is no watchdog supervisor, so no CRM becomes
 * master), so the runtime neither overwrites that state nor consumes the queued commands.
 */
class HaStatusCommandsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Safe HA timings (watchdog + kill time < lock expiry − margin) whose loops never come round in a test. */
    private static final List<String> HA_LOOPS_IDLE = List.of("--lock-expiry", "60m", "--watchdog-timeout", "30m", "--ha-loop", "10m");

    @TempDir
    static Path base;

    private static LocalCluster cluster;
    private static final List<NodeProcess> processes = new ArrayList<>();
    private static List<Path> dirs;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        dirs = List.of(dir("n1"), dir("n2"), dir("n3"));
        for (Path dir : dirs) {
            processes.add(NodeProcess.start(dir, List.of(), HA_LOOPS_IDLE));
        }
        ConfigTreeChecks.awaitReady(LIMIT, dirs);
        ok("ha", "groupadd", "prod", "--nodes", "n1:2,n2", "--dir", dir("n1").toString());
        ok("ha", "add", "vm:101", "--group", "prod", "--comment", "web", "--dir", dir("n1").toString());
        ok("ha", "add", "vm:102", "--state", "stopped", "--max_restart", "3", "--dir", dir("n2").toString());
        ok("ha", "add", "ct:200", "--dir", dir("n3").toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (NodeProcess process : processes) {
            process.stop(Duration.ofSeconds(5));
        }
    }

    private static Path dir(String node) {
        return cluster.member(node).dir();
    }

    private static Cli.Result ok(String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.err());
        return result;
    }

    private static Cli.Result fails(int exitCode, String message, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(exitCode, result.exitCode(), String.join(" ", args) + ": " + result.out() + result.err());
        assertTrue(result.err().contains(message), result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
        return result;
    }

    /** Writes files through n1 and waits until every node has applied them, so local reads see them. */
    private static void write(String... pathsAndContents) throws Exception {
        TreeApi api = TreeApi.of(dir("n1"));
        long version = 0;
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            version = TreeApi.data(api.write(pathsAndContents[i], pathsAndContents[i + 1])).getLong("version");
        }
        ConfigTreeChecks.awaitSameVersion(LIMIT, dirs, version);
    }

    /** A file's content after a consistent read ("" when there is none). */
    private static String read(String path) {
        Cli.Result cat = Cli.run("fs", "cat", path, "--consistent", "--dir", dir("n1").toString());
        return cat.exitCode() == 0 ? cat.out() : "";
    }

    /** The node's API with the admin token, or the read-only one. */
    private static PinnedHttpsClient client(Path dir, String tokenFile) {
        try {
            URI api = URI.create("https://" + LocalIdentity.load(dir).api());
            CertificateFingerprint pin = CertificateFingerprint.parse(Files.readString(dir.resolve("fingerprint")).strip());
            return new PinnedHttpsClient(api, pin, Files.readString(dir.resolve(tokenFile)).strip(), LIMIT, LIMIT);
        } catch (IOException | InvalidNodeDirectoryException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object get(String route) throws Exception {
        ApiResponse response = client(dir("n2"), "api-token-ro").get("/api2/json/cluster/ha/" + route);
        assertEquals(200, response.status(), route + ": " + response.body());
        return new JsonObject(response.body()).getValue("data");
    }

    private static JsonObject error(int status, String route) throws Exception {
        ApiResponse response = client(dir("n2"), "api-token").get("/api2/json/cluster/ha/" + route);
        assertEquals(status, response.status(), route + ": " + response.body());
        return new JsonObject(response.body());
    }

    private static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    /** A master on n1, LRMs active on n1, idle on n2 and silent for two minutes on n3; ct:200's guest on n3. */
    private static long writeStatus() throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonObject manager = new JsonObject().put("master_node", "n1").put("timestamp", now)
                .put("node_status", new JsonObject().put("n1", "online").put("n2", "online").put("n3", "unknown"))
                .put("service_status", new JsonObject()
                        .put("vm:101", new JsonObject().put("node", "n1").put("state", "started").put("uid", "Xa1"))
                        .put("vm:102", new JsonObject().put("node", "n2").put("state", "stopped").put("uid", "Xa2")));
        write("ha/manager_status", manager.encodePrettily(),
                "nodes/n1/lrm_status", lrm("active", now), "nodes/n2/lrm_status", lrm("wait_for_agent_lock", now),
                "nodes/n3/lrm_status", lrm("active", now - 120), "nodes/n3/lxc/200.conf", "memory: 512\n");
        return now;
    }

    private static String lrm(String state, long timestamp) {
        return new JsonObject().put("state", state).put("mode", "active").put("results", new JsonObject())
                .put("timestamp", timestamp).encode();
    }

    @Test
    void statusPrintsHaManagersLines() throws Exception {
        long now = writeStatus();
        Cli.Result status = ok("ha", "status", "--dir", dir("n3").toString());
        assertEquals(String.join("\n",
                "quorum OK",
                "master n1 (active, " + time(now) + ")",
                "lrm n1 (active, " + time(now) + ")",
                "lrm n2 (idle, " + time(now) + ")",
                "lrm n3 (old timestamp - dead?, " + time(now - 120) + ")",
                "service vm:101 (n1, started)",
                "service vm:102 (n2, stopped)",
                "service ct:200 (n3, queued)") + "\n", status.out());

        JsonArray json = new JsonArray(ok("ha", "status", "--output-format", "json", "--dir", dir("n2").toString()).out());
        assertEquals(json, get("status/current"), "json is the API's array");
        Cli.Result verbose = ok("ha", "status", "--verbose", "--dir", dir("n1").toString());
        assertTrue(verbose.out().startsWith(status.out() + "full cluster state:\n"), verbose.out());
        assertEquals("n1", new JsonObject(verbose.out().substring(verbose.out().indexOf('{')))
                .getJsonObject("manager_status").getString("master_node"));
    }

    @Test
    void routesServeTheStoredStateAndConfigAsProxmoxShapesThem() throws Exception {
        long now = writeStatus();
        write("ha/rules.cfg", "node-affinity: keep-web\n\tnodes n1:2,n2\n\tresources vm:101\n\tstrict 1\n\n"
                + "resource-affinity: apart\n\taffinity negative\n\tresources vm:101,vm:102\n");
        JsonArray current = (JsonArray) get("status/current");
        assertEquals(new JsonObject().put("id", "master").put("type", "master").put("node", "n1")
                .put("status", "n1 (active, " + time(now) + ")").put("timestamp", now), current.getJsonObject(1));
        assertEquals(new JsonObject().put("id", "service:vm:101").put("type", "service").put("sid", "vm:101").put("node", "n1")
                .put("crm_state", "started").put("state", "started").put("status", "vm:101 (n1, started)")
                .put("request_state", "started").put("max_restart", 1).put("max_relocate", 1).put("failback", 1)
                .put("group", "prod").put("comment", "web"), current.getJsonObject(5));

        JsonObject full = (JsonObject) get("status/manager_status");
        assertEquals("Xa2", full.getJsonObject("manager_status").getJsonObject("service_status").getJsonObject("vm:102").getString("uid"));
        assertEquals("wait_for_agent_lock", full.getJsonObject("lrm_status").getJsonObject("n2").getString("state"));
        assertEquals(new JsonObject().put("node", "n2").put("quorate", 1), full.getJsonObject("quorum"));

        JsonArray resources = (JsonArray) get("resources");
        assertEquals(3, resources.size(), resources.encode());
        JsonObject vm102 = (JsonObject) get("resources/vm:102");
        assertEquals("vm", vm102.getString("type"));
        assertEquals("stopped", vm102.getString("state"));
        assertEquals(3, vm102.getInteger("max_restart"));
        assertEquals(40, vm102.getString("digest").length(), "SHA-1 of resources.cfg");
        assertEquals(1, ((JsonArray) get("resources?type=ct")).size());

        JsonObject prod = (JsonObject) get("groups/prod");
        assertEquals(new JsonObject().put("group", "prod").put("type", "group").put("nodes", "n1:2,n2").put("restricted", 0)
                .put("nofailback", 0).put("digest", prod.getString("digest")), prod);
        assertEquals(1, ((JsonArray) get("groups")).size());

        JsonObject rule = (JsonObject) get("rules/keep-web");
        assertEquals(new JsonObject().put("rule", "keep-web").put("type", "node-affinity").put("resources", "vm:101")
                .put("disable", 0).put("order", 1).put("nodes", "n1:2,n2").put("strict", 1)
                .put("digest", rule.getString("digest")), rule);
        JsonArray apart = (JsonArray) get("rules?type=resource-affinity");
        assertEquals(1, apart.size());
        assertEquals("negative", apart.getJsonObject(0).getString("affinity"));
        assertEquals(0, ((JsonArray) get("rules?resource=ct:200")).size());

        assertEquals("no such resource 'vm:999'", error(404, "resources/vm:999").getString("message"));
        assertTrue(error(400, "resources/bogus").getString("message").contains("invalid resource id 'bogus'"));
        assertEquals("no such ha group 'nope'", error(404, "groups/nope").getString("message"));
        assertTrue(error(400, "groups/9x").getString("message").contains("invalid group id '9x'"));
        assertEquals("no such ha rule 'nope'", error(404, "rules/nope").getString("message"));
    }

    @Test
    void corruptStoredFilesAreServerErrorsNamingTheFile() throws Exception {
        String groups = read("ha/groups.cfg");
        try {
            write("ha/manager_status", "{\"node_status\": {\"n1\": \"sleepy\"}}", "ha/groups.cfg", "group: prod\n\tbogus 1\n");
            String status = error(500, "status/current").getString("message");
            assertTrue(status.contains("ha/manager_status") && status.contains("unknown state 'sleepy'"), status);
            String config = error(500, "groups").getString("message");
            assertTrue(config.contains("ha/groups.cfg:2") && config.contains("unknown key 'bogus'"), config);
            write("nodes/n2/lrm_status", "[1, 2]");
            write("ha/manager_status", "{}");
            assertTrue(error(500, "status/manager_status").getString("message").contains("nodes/n2/lrm_status"));
            fails(1, "nodes/n2/lrm_status", "ha", "status", "--dir", dir("n1").toString());
        } finally {
            write("ha/groups.cfg", groups);
            writeStatus();
        }
    }

    @Test
    void crmCommandsAreAppendedUnderTheLockAfterValidation() throws Exception {
        write("ha/crm_commands", "");
        ok("ha", "migrate", "vm:101", "n2", "--dir", dir("n1").toString());
        Cli.Result json = ok("ha", "crm-command", "node-maintenance", "enable", "n3", "--output-format", "json",
                "--dir", dir("n2").toString());
        assertEquals("enable-node-maintenance n3", new JsonObject(json.out()).getString("queued"));
        assertEquals("migrate vm:101 n2\nenable-node-maintenance n3\n", read("ha/crm_commands"));
        ok("ha", "crm-command", "relocate", "ct:200", "n1", "--dir", dir("n3").toString());
        ok("ha", "relocate", "vm:102", "n3", "--dir", dir("n3").toString());
        ok("ha", "crm-command", "stop", "vm:101", "30", "--dir", dir("n1").toString());
        ok("ha", "crm-command", "node-maintenance", "disable", "n3", "--dir", dir("n1").toString());
        ok("ha", "crm-command", "migrate", "vm:102", "n1", "--dir", dir("n1").toString());
        assertEquals("migrate vm:101 n2\nenable-node-maintenance n3\nrelocate ct:200 n1\nrelocate vm:102 n3\nstop vm:101 30\n"
                + "disable-node-maintenance n3\nmigrate vm:102 n1\n", read("ha/crm_commands"));

        write("ha/crm_commands", "");
        fails(1, "no HA resource 'vm:999'", "ha", "migrate", "vm:999", "n2", "--dir", dir("n1").toString());
        fails(1, "no cluster node 'n9' (nodes: n1, n2, n3)", "ha", "relocate", "vm:101", "n9", "--dir", dir("n1").toString());
        fails(2, "invalid resource id 'vm101'", "ha", "crm-command", "migrate", "vm101", "n2", "--dir", dir("n1").toString());
        fails(2, "stop timeout must be a whole number of seconds, got 'soon'", "ha", "crm-command", "stop", "vm:101", "soon",
                "--dir", dir("n1").toString());
        fails(1, "no cluster node 'n7'", "ha", "crm-command", "node-maintenance", "enable", "n7", "--dir", dir("n1").toString());
        assertEquals("", read("ha/crm_commands"), "nothing refused was queued");
        JsonArray locks = new JsonArray(ok("lock", "ls", "--output-format", "json", "--dir", dir("n1").toString()).out());
        assertTrue(locks.stream().noneMatch(l -> ((JsonObject) l).getString("name").equals("ha_config")),
                "every command gave the lock back: " + locks);
    }

    @Test
    void rulesRoundTripThroughTheFileAndTheApi() throws Exception {
        write("ha/rules.cfg", "");
        String n1 = dir("n1").toString();
        ok("ha", "rules", "add", "node-affinity", "web-on-n1", "--resources", "vm:101,ct:200", "--nodes", "n1:2,n2",
                "--strict", "1", "--comment", "prefer: n1", "--dir", n1);
        ok("ha", "rules", "add", "resource-affinity", "apart", "--resources", "vm:102,vm:101", "--affinity", "negative",
                "--disable", "--dir", dir("n2").toString());
        ok("ha", "rules", "set", "node-affinity", "web-on-n1", "--strict", "0", "--nodes", "n3", "--dir", n1);
        assertEquals("node-affinity: web-on-n1\n\tcomment prefer%3A n1\n\tnodes n3\n\tresources ct:200,vm:101\n\n"
                + "resource-affinity: apart\n\tdisable\n\taffinity negative\n\tresources vm:101,vm:102\n\n",
                ok("ha", "rules", "config", "--dir", n1).out());
        JsonArray rules = new JsonArray(ok("ha", "rules", "config", "--output-format", "json", "--dir", dir("n3").toString()).out());
        assertEquals(2, rules.size());
        JsonObject web = rules.getJsonObject(0);
        assertEquals("prefer: n1", web.getString("comment"));
        assertEquals(0, web.getInteger("strict"));
        assertEquals("ct:200,vm:101", web.getString("resources"));
        assertEquals(1, rules.getJsonObject(1).getInteger("disable"));
        assertEquals("resource-affinity: apart\n\tdisable\n\taffinity negative\n\tresources vm:101,vm:102\n\n",
                ok("ha", "rules", "config", "--type", "resource-affinity", "--dir", n1).out());

        fails(1, "HA rule 'apart' already defined", "ha", "rules", "add", "resource-affinity", "apart", "--resources", "vm:101",
                "--affinity", "positive", "--dir", n1);
        fails(1, "no HA resource 'vm:555'", "ha", "rules", "add", "resource-affinity", "other", "--resources", "vm:101,vm:555",
                "--affinity", "positive", "--dir", n1);
        fails(1, "no cluster node 'n8'", "ha", "rules", "add", "node-affinity", "other", "--resources", "vm:101",
                "--nodes", "n8", "--dir", n1);
        fails(2, "a node-affinity rule needs --nodes", "ha", "rules", "add", "node-affinity", "other", "--resources", "vm:101",
                "--dir", n1);
        fails(2, "unknown affinity 'sideways'", "ha", "rules", "add", "resource-affinity", "other", "--resources", "vm:101",
                "--affinity", "sideways", "--dir", n1);
        fails(2, "is a resource-affinity rule, not node-affinity", "ha", "rules", "set", "node-affinity", "apart", "--strict",
                "--dir", n1);
        fails(2, "unknown rule type 'location'", "ha", "rules", "add", "location", "x1", "--resources", "vm:101", "--dir", n1);

        ok("ha", "rules", "remove", "apart", "--dir", n1);
        fails(1, "HA rule 'apart' does not exist", "ha", "rules", "remove", "apart", "--dir", n1);
        assertEquals(List.of("web-on-n1"), ((JsonArray) get("rules?consistent=1")).stream()
                .map(r -> ((JsonObject) r).getString("rule")).toList());
    }

    @Test
    void groupsetChangesOnlyWhatItIsGiven() throws Exception {
        String n2 = dir("n2").toString();
        ok("ha", "groupadd", "edge", "--nodes", "n3", "--comment", "dmz", "--dir", n2);
        ok("ha", "groupset", "edge", "--restricted", "--nofailback", "1", "--dir", n2);
        ok("ha", "groupset", "edge", "--nodes", "n2:1,n3:5", "--dir", dir("n3").toString());
        assertTrue(ok("ha", "groupconfig", "--dir", n2).out()
                .contains("group: edge\n\tcomment dmz\n\tnodes n2:1,n3:5\n\tnofailback 1\n\trestricted 1\n\n"));
        JsonArray groups = new JsonArray(ok("ha", "groupconfig", "--output-format", "json", "--dir", n2).out());
        assertEquals(List.of("prod", "edge"), groups.stream().map(g -> ((JsonObject) g).getString("group")).toList());
        fails(2, "--restricted must be 0 or 1, got 'maybe'", "ha", "groupset", "edge", "--restricted", "maybe", "--dir", n2);
        fails(1, "no HA group 'none'", "ha", "groupset", "none", "--comment", "x", "--dir", n2);
        ok("ha", "groupremove", "edge", "--dir", n2);
    }
}
