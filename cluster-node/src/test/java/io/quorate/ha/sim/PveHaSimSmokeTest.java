package io.quorate.ha.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceConf;
import io.quorate.ha.core.ServiceState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** First cases of Proxmox's HA regression suite, compared on the master's decision lines. */
public class PveHaSimSmokeTest {
    static final Path CASES = Path.of("../../shared/pve-ha-tests").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"test-basic1", "test-basic2", "test-basic4"})
    void decisionsMatchProxmox(String name) throws Exception {
        Path dir = CASES.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), "no " + dir);
        List<String> expected = decisions(Files.readAllLines(dir.resolve("log.expect")).stream()
                .map(l -> l.substring(l.indexOf(':', 16) + 2)).filter(l -> true).toList(), Files.readAllLines(dir.resolve("log.expect")));
        PveHaSim sim = load(dir);
        List<String> actual = new ArrayList<>();
        for (PveHaSim.Line line : sim.run()) {
            if (line.component().endsWith("/crm")) {
                actual.add(line.message());
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", decisionLines(actual)));
    }

    private static List<String> decisions(List<String> messages, List<String> raw) {
        List<String> crm = new ArrayList<>();
        for (String line : raw) {
            if (line.matches("^\\S+\\s+\\d+\\s+node\\d+/crm: .*")) {
                crm.add(line.substring(line.indexOf("/crm: ") + 6));
            }
        }
        return decisionLines(crm);
    }

    private static List<String> decisionLines(List<String> messages) {
        return messages.stream().filter(m -> m.startsWith("service '") || m.startsWith("node '") || m.startsWith("fencing:")
                || m.startsWith("recover")).toList();
    }

    public static PveHaSim load(Path dir) throws Exception {
        JsonObject hardware = new JsonObject(Files.readString(dir.resolve("hardware_status")));
        Map<String, boolean[]> hw = new TreeMap<>();
        for (String node : hardware.fieldNames()) {
            JsonObject h = hardware.getJsonObject(node);
            hw.put(node, new boolean[] {"on".equals(h.getString("power")), "on".equals(h.getString("network"))});
        }
        JsonArray batches = new JsonArray(Files.readString(dir.resolve("cmdlist")));
        List<List<String>> cmdlist = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            List<String> batch = new ArrayList<>();
            batches.getJsonArray(i).forEach(c -> batch.add((String) c));
            cmdlist.add(batch);
        }
        ManagerStatus status = new ManagerStatus();
        JsonObject ms = new JsonObject(Files.readString(dir.resolve("manager_status")));
        JsonObject ns = ms.getJsonObject("node_status", new JsonObject());
        for (String node : ns.fieldNames()) {
            status.nodes.put(node, new ManagerStatus.NodeEntry(NodeState.ofPveName(ns.getString(node)), 0));
        }
        JsonObject ss = ms.getJsonObject("service_status", new JsonObject());
        for (String sid : ss.fieldNames()) {
            JsonObject s = ss.getJsonObject(sid);
            status.services.put(sid, new ManagerStatus.ServiceEntry(ServiceState.ofPveName(s.getString("state")), s.getString("node"),
                    s.getString("uid")));
        }
        JsonObject sc = new JsonObject(Files.readString(dir.resolve("service_config")));
        Map<String, ServiceConf> config = new LinkedHashMap<>();
        for (String sid : sc.fieldNames()) {
            JsonObject s = sc.getJsonObject(sid);
            String state = s.getString("state", "disabled");
            String requested = state.equals("enabled") ? "started" : state;
            config.put(sid, new ServiceConf(sid, requested, s.getString("node"), s.getInteger("max_restart", 1),
                    s.getInteger("max_relocate", 1), s.getInteger("failback", 1) == 1));
        }
        return new PveHaSim(hw, cmdlist, status, config);
    }
}
