package io.quorate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.config.ConfigException;
import io.quorate.ha.config.CrsMode;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * status/current computed as pve-ha-manager's Status.pm does, without a cluster: LRM states from
 * state, mode and age, the master's freshness, and each service's verbose state.
 */
class HaCurrentStatusTest {
    private static final long NOW = 1_800_000_000L;
    private static final String AT_NOW = "2027-01-15T08:00:00Z";

    private static ResourcesConfig resources(String text) throws ConfigException {
        return ResourcesConfig.parse("ha/resources.cfg", text);
    }

    private static List<String> lines(JsonArray entries) {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(((JsonObject) e).getString("type") + " " + ((JsonObject) e).getString("status")));
        return lines;
    }

    private static HaRoutes.CurrentStatus status(boolean quorate, JsonObject manager, ResourcesConfig config, CrsMode crs,
                                                 Map<String, JsonObject> lrm, Map<String, String> guests) {
        return new HaRoutes.CurrentStatus("n1", quorate, NOW, manager, config, crs, node -> Optional.ofNullable(lrm.get(node)),
                sid -> Optional.ofNullable(guests.get(sid.toString())));
    }

    private static JsonObject lrm(String state, String mode, long timestamp) {
        return new JsonObject().put("state", state).put("mode", mode).put("results", new JsonObject()).put("timestamp", timestamp);
    }

    @Test
    void lrmStatesFollowStateModeAndAge() throws Exception {
        JsonObject manager = new JsonObject().put("master_node", "n2").put("timestamp", NOW - 5)
                .put("node_status", new JsonObject().put("n1", "online").put("gone1", "gone"))
                .put("service_status", new JsonObject()
                        .put("vm:101", new JsonObject().put("node", "n3").put("state", "started").put("uid", "u1"))
                        .put("vm:102", new JsonObject().put("node", "n2").put("state", "stopped").put("uid", "u2")));
        Map<String, JsonObject> lrm = Map.of(
                "n1", lrm("wait_for_agent_lock", "active", NOW),          // nothing to run: idle
                "n2", lrm("wait_for_agent_lock", "active", NOW),          // only a stopped service: idle too
                "n3", lrm("wait_for_agent_lock", "active", NOW),          // a started service waits for it
                "n4", lrm("active", "maintenance", NOW - 1),
                "n5", lrm("active", "active", NOW - 61),
                "n6", lrm("lost_agent_lock", "maintenance", NOW - 600));
        JsonArray entries = status(true, manager, resources("vm: 101\n\tstate started\n\nvm: 102\n\tstate stopped\n"),
                CrsMode.STATIC, lrm, Map.of()).entries(List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7"));
        assertEquals(List.of(
                "quorum OK",
                "master n2 (active, 2027-01-15T07:59:55Z) - static load CRS",
                "lrm gone1 (unable to read lrm status)",
                "lrm n1 (idle, " + AT_NOW + ")",
                "lrm n2 (idle, " + AT_NOW + ")",
                "lrm n3 (wait_for_agent_lock, " + AT_NOW + ")",
                "lrm n4 (maintenance mode, 2027-01-15T07:59:59Z)",
                "lrm n5 (old timestamp - dead?, 2027-01-15T07:58:59Z)",
                "lrm n6 (maintenance mode, 2027-01-15T07:50:00Z)",
                "lrm n7 (unable to read lrm status)",
                "service vm:101 (n3, started)",
                "service vm:102 (n2, stopped)"), lines(entries));
        assertEquals(new JsonObject().put("id", "lrm:n1").put("type", "lrm").put("node", "n1")
                .put("status", "n1 (idle, " + AT_NOW + ")").put("timestamp", NOW), entries.getJsonObject(3));
    }

    @Test
    void serviceEntriesCarryTheConfigAndAVerboseState() throws Exception {
        JsonObject manager = new JsonObject()
                .put("service_status", new JsonObject()
                        .put("vm:101", new JsonObject().put("node", "n1").put("state", "started").put("uid", "u1"))
                        .put("vm:102", new JsonObject().put("node", "n2").put("state", "stopped").put("uid", "u2"))
                        .put("vm:103", new JsonObject().put("node", "n2").put("state", "error").put("uid", "u3"))
                        .put("vm:104", new JsonObject().put("node", "n3").put("state", "started").put("running", 0))
                        .put("vm:109", new JsonObject().put("node", "n3").put("state", "started")));
        ResourcesConfig config = resources("vm: 101\n\tcomment web\n\tgroup prod\n\tstate stopped\n\n"
                + "vm: 102\n\tstate started\n\nvm: 103\n\tstate disabled\n\nvm: 104\n\tstate started\n\n"
                + "ct: 200\n\tmax_restart 3\n\tstate started\n\nct: 201\n\tstate ignored\n");
        JsonArray entries = status(false, manager, config, CrsMode.BASIC, Map.of(), Map.of("ct:200", "n2"))
                .entries(List.of("n1"));
        assertEquals(List.of(
                "quorum No quorum on node 'n1'!",
                "lrm n1 (unable to read lrm status)",
                "service vm:101 (n1, stopping)",
                "service vm:102 (n2, starting)",
                "service vm:103 (n2, clearing error flag)",
                "service vm:104 (n3, starting)",
                "service vm:109 (n3, deleting)",
                "service ct:200 (n2, queued)",
                "service ct:201 (---, ignored)"), lines(entries));
        assertEquals(new JsonObject().put("id", "quorum").put("type", "quorum").put("node", "n1")
                .put("status", "No quorum on node 'n1'!").put("quorate", 0), entries.getJsonObject(0));
        assertEquals(new JsonObject().put("id", "service:vm:101").put("type", "service").put("sid", "vm:101")
                .put("crm_state", "started").put("node", "n1").put("state", "stopping").put("status", "vm:101 (n1, stopping)")
                .put("request_state", "stopped").put("max_restart", 1).put("max_relocate", 1).put("failback", 1)
                .put("group", "prod").put("comment", "web"), entries.getJsonObject(2));
        assertEquals(new JsonObject().put("id", "service:ct:200").put("type", "service").put("sid", "ct:200").put("node", "n2")
                .put("state", "queued").put("status", "ct:200 (n2, queued)").put("request_state", "started")
                .put("max_restart", 3).put("max_relocate", 1).put("failback", 1), entries.getJsonObject(7));
    }

    @Test
    void masterIsIdleWhenStaleWithoutServicesAndAbsentWithoutTimestamp() throws Exception {
        JsonObject stale = new JsonObject().put("master_node", "n3").put("timestamp", NOW - 3600);
        assertEquals("master n3 (idle, 2027-01-15T07:00:00Z)",
                lines(status(true, stale, ResourcesConfig.empty(), CrsMode.BASIC, Map.of(), Map.of()).entries(List.of())).get(1));
        assertEquals("master n3 (old timestamp - dead?, 2027-01-15T07:00:00Z)",
                lines(status(true, stale, resources("vm: 101\n\tstate started\n"), CrsMode.BASIC, Map.of(), Map.of())
                        .entries(List.of())).get(1));
        JsonObject ahead = new JsonObject().put("master_node", "n3").put("timestamp", NOW + 10);
        assertEquals("master n3 (detected time drift!, 2027-01-15T08:00:10Z)",
                lines(status(true, ahead, resources("vm: 101\n"), CrsMode.BASIC, Map.of(), Map.of()).entries(List.of())).get(1));
        assertEquals(List.of("quorum OK"), lines(status(true, new JsonObject().put("master_node", "n3"), ResourcesConfig.empty(),
                CrsMode.BASIC, Map.of(), Map.of()).entries(List.of())));
    }

    @Test
    void verboseStateFollowsProxmox() throws Exception {
        ResourcesConfig config = resources("vm: 101\n\tstate started\n");
        Optional<io.quorate.ha.config.HaResource> started = config.get(ResourceId.parse("vm:101"));
        assertEquals("migrate", HaRoutes.CurrentStatus.verboseState(new JsonObject().put("state", "migrate"), started));
        assertEquals("queued", HaRoutes.CurrentStatus.verboseState(new JsonObject(), started));
        assertEquals("fence", HaRoutes.CurrentStatus.verboseState(new JsonObject().put("state", "fence"), started));
    }
}
