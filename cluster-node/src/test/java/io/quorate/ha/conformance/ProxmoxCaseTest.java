package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading pve-ha-manager regression case directories. */
class ProxmoxCaseTest {

    @Test
    void everySharedCaseLoads() {
        List<Path> dirs = SharedCases.caseDirs();
        List<String> failures = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                ProxmoxCase c = ProxmoxCase.load(dir);
                assertEquals(dir.getFileName().toString(), c.name());
                assertFalse(c.expectedLog().isEmpty(), c.name());
                assertFalse(c.hardware().isEmpty(), c.name());
            } catch (RuntimeException e) {
                failures.add(dir.getFileName() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        if (dirs.get(0).getParent().getFileName().toString().equals("pve-ha-tests")
                && System.getProperty(ProxmoxCases.DIR_PROPERTY) == null) {
            assertEquals(58, dirs.size(), "shared/pve-ha-tests holds 58 cases");
        }
    }

    @Test
    void everyLogLineIsInTheSimulatorsFixedWidthLayout() throws IOException {
        for (Path dir : SharedCases.caseDirs()) {
            Path file = dir.resolve(ProxmoxCase.LOG_EXPECT);
            List<String> raw = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            List<LogLine> parsed = ProxmoxCase.load(dir).expectedLog();
            assertEquals(raw.size(), parsed.size(), file.toString());
            for (int i = 0; i < raw.size(); i++) {
                assertEquals(raw.get(i), parsed.get(i).format(), file + ":" + (i + 1));
            }
        }
    }

    @Test
    void basic1() {
        ProxmoxCase c = SharedCases.load("test-basic1");
        assertEquals("test-basic1", c.name());
        assertEquals(Optional.of("Test failover after single node network failure."), c.readme().map(String::strip));
        assertEquals(List.of(List.of("power node1 on", "power node2 on", "power node3 on"), List.of("network node3 off")),
                c.cmdlist());
        assertEquals(List.of("node1", "node2", "node3"), c.nodes());
        assertEquals("off", c.hardware().get("node1").power());
        assertFalse(c.hardware().get("node3").online());
        assertEquals(new JsonObject(), c.managerStatus());
        assertEquals(List.of("vm:101", "vm:102", "vm:103"), List.copyOf(c.services().keySet()));

        ServiceConfig vm101 = c.services().get("vm:101");
        assertEquals(Optional.of("enabled"), vm101.state());
        assertEquals("started", vm101.requestedState(), "enabled means started");
        ServiceConfig vm102 = c.services().get("vm:102");
        assertEquals("node2", vm102.node());
        assertEquals(Optional.empty(), vm102.state());
        assertEquals("disabled", vm102.requestedState(), "the simulator's default");
        assertTrue(vm102.failbackOrDefault());
        assertEquals(1, vm102.maxRestartOrDefault());
        assertEquals(1, vm102.maxRelocateOrDefault());
        assertEquals("vm", vm102.type());
        assertEquals("102", vm102.name());

        assertEquals(Optional.empty(), c.groups());
        assertEquals(Optional.empty(), c.rulesConfig());
        assertEquals(Optional.empty(), c.datacenterCfg());

        LogLine first = c.expectedLog().get(0);
        assertEquals(new LogLine("info", 0, "hardware", "starting simulation"), first);
        LogLine fence = c.expectedLog().stream().filter(l -> l.message().startsWith("FENCE:")).findFirst().orElseThrow();
        assertEquals(new LogLine("emai", 160, "node1/crm", "FENCE: Try to fence node 'node3'"), fence);
        assertEquals("node1", fence.node());
        LogLine started = c.expectedLog().stream().filter(l -> l.message().contains("(node = node2)")).findFirst()
                .orElseThrow();
        assertEquals("service 'vm:103': state changed from 'recovery' to 'started'  (node = node2)", started.message(),
                "the double blank is kept");
    }

    @Test
    void optionalFilesAndWrittenOptions() {
        ProxmoxCase basic2 = SharedCases.load("test-basic2");
        assertEquals("node2", basic2.managerStatus().getString("master_node"));
        assertEquals("fence", basic2.managerStatus().getJsonObject("service_status").getJsonObject("vm:101")
                .getString("state"));

        ServiceConfig fa130 = SharedCases.load("test-relocate-policy1").services().get("fa:130");
        assertEquals(Optional.of(0), fa130.maxRestart(), "\"0\" as a string");
        assertEquals(3, fa130.maxRelocateOrDefault());
        assertEquals("disabled", fa130.requestedState());

        ProxmoxCase groups = SharedCases.load("test-group-migrate1");
        assertTrue(groups.groups().orElseThrow().contains("group: group2"));
        assertEquals(Optional.of("group2"), groups.services().get("vm:102").group());

        ProxmoxCase strict = SharedCases.load("test-node-affinity-strict1");
        assertTrue(strict.rulesConfig().orElseThrow().contains("node-affinity: vm101-must-be-on-node3"));

        ProxmoxCase policy = SharedCases.load("test-shutdown-policy1");
        assertEquals("failover", policy.datacenterCfg().orElseThrow().getJsonObject("ha").getString("shutdown_policy"));
    }

    // ---- bad input ----

    private static Path minimalCase(Path dir) throws IOException {
        write(dir, "cmdlist", "[\n  [\"power node1 on\"]\n]\n");
        write(dir, "hardware_status", "{ \"node1\": { \"power\": \"off\", \"network\": \"off\" } }\n");
        write(dir, "service_config", "{\n  \"vm:101\": { \"node\": \"node1\", \"state\": \"started\" }\n}\n");
        write(dir, "log.expect", "info      0     hardware: starting simulation\n"
                + "info     20      cmdlist: execute power node1 on\n");
        return dir;
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void aMinimalCaseLoadsWithDefaults(@TempDir Path dir) throws IOException {
        ProxmoxCase c = ProxmoxCase.load(minimalCase(dir));
        assertEquals(new JsonObject(), c.managerStatus(), "manager_status is optional");
        assertEquals(Optional.empty(), c.readme());
        assertEquals(2, c.expectedLog().size());
        assertEquals(dir.getFileName().toString(), c.name());
    }

    @Test
    void missingRequiredFileIsNamed(@TempDir Path dir) throws IOException {
        for (String required : List.of("cmdlist", "hardware_status", "service_config", "log.expect")) {
            Path caseDir = Files.createDirectories(dir.resolve("case-" + required.replace('.', '-')));
            minimalCase(caseDir);
            Files.delete(caseDir.resolve(required));
            CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(caseDir));
            assertEquals(caseDir.resolve(required) + ": missing required file", e.getMessage());
        }
    }

    @Test
    void malformedJsonNamesFileAndLine(@TempDir Path dir) throws IOException {
        minimalCase(dir);
        write(dir, "service_config", "{\n  \"vm:101\": { \"node\": \"node1\",\n    \"state\" \"started\" }\n}\n");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(dir));
        assertEquals(dir.resolve("service_config"), e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(dir.resolve("service_config") + ":3: malformed JSON"), e.getMessage());
    }

    @Test
    void malformedOptionalJsonIsAnErrorToo(@TempDir Path dir) throws IOException {
        minimalCase(dir);
        write(dir, "manager_status", "{\n\"master_node\": \n");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(dir));
        assertEquals(dir.resolve("manager_status"), e.file());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void unparsableLogLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        minimalCase(dir);
        write(dir, "log.expect", "info      0     hardware: starting simulation\n"
                + "info     20      cmdlist: execute power node1 on\n"
                + "info    twenty  node1/crm: status change startup => wait_for_quorum\n");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(dir));
        assertEquals(dir.resolve("log.expect"), e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(dir.resolve("log.expect") + ":3: not a log line"), e.getMessage());
    }

    @Test
    void wrongShapesAreNamed(@TempDir Path dir) throws IOException {
        minimalCase(dir);
        write(dir, "cmdlist", "[ \"power node1 on\" ]");
        assertMessage(dir, "cmdlist: batch 1 is not an array of commands");
        minimalCase(dir);
        write(dir, "hardware_status", "{ \"node1\": { \"power\": \"maybe\", \"network\": \"off\" } }");
        assertMessage(dir, "hardware_status: node 'node1': power must be \"on\" or \"off\", got maybe");
        minimalCase(dir);
        write(dir, "service_config", "{ \"vm:101\": { \"state\": \"started\" } }");
        assertMessage(dir, "service_config: service 'vm:101' has no node");
        minimalCase(dir);
        write(dir, "service_config", "{ \"vm:101\": { \"node\": \"node1\", \"max_restart\": \"many\" } }");
        assertMessage(dir, "service_config: service 'vm:101': max_restart must be a non-negative integer, got many");
        minimalCase(dir);
        write(dir, "service_config", "{ \"vm:101\": { \"node\": \"node1\", \"state\": \"running\" } }");
        assertMessage(dir, "service_config: service 'vm:101': unknown state 'running'");
        minimalCase(dir);
        write(dir, "service_config", "{ \"lxc:101\": { \"node\": \"node1\" } }");
        assertMessage(dir, "service_config: invalid service id 'lxc:101' (expected vm:N, ct:N or fa:N)");
        minimalCase(dir);
        write(dir, "service_config", "[]");
        assertMessage(dir, "service_config:1: expected a JSON object");
    }

    private static void assertMessage(Path dir, String suffix) {
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(dir));
        assertEquals(dir.resolve(suffix.substring(0, suffix.indexOf(':'))) + suffix.substring(suffix.indexOf(':')),
                e.getMessage());
    }

    @Test
    void notADirectory(@TempDir Path dir) {
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> ProxmoxCase.load(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": not a directory", e.getMessage());
    }

    @Test
    void logLineParsing() {
        assertEquals(new LogLine("err", 120, "node1/crm", "could not read manager status: cfs connection refused"),
                LogLine.parse("err     120    node1/crm: could not read manager status: cfs connection refused"));
        assertEquals(new LogLine("info", 12345, "node10/crm", "wide fields"),
                LogLine.parse("info 12345 node10/crm: wide fields"), "columns are not counted");
        assertEquals("", LogLine.parse("info     20    node1/crm:").message());
        assertThrows(IllegalArgumentException.class, () -> LogLine.parse("info 20 node1/crm no colon"));
        assertThrows(IllegalArgumentException.class, () -> LogLine.parse("just text"));
        LogLine l = new LogLine("info", 5, "node1/lrm", "x");
        assertEquals("info      5    node1/lrm: x", l.format());
        assertEquals(l, LogLine.parse(l.format()));
    }
}
