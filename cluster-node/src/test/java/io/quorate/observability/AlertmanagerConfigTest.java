package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alerts/alertmanager.yml: amtool accepts it, every alert of the rules reaches the receiver of its
 * severity, and a real Alertmanager applies the inhibitions (quorum lost silences the cluster's
 * warnings, and no other cluster's).
 */
class AlertmanagerConfigTest {
    private static final Map<String, String> RECEIVER_OF = Map.of("critical", "pager", "warning", "chat", "info", "null");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void amtoolChecksTheConfig() throws Exception {
        Tools.require("amtool");
        Tools.Result check = Tools.run(Repo.ALERTS, Duration.ofSeconds(30),
                List.of("amtool", "check-config", Repo.ALERTMANAGER.toString()));
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyAlertRoutesToTheReceiverOfItsSeverity() throws Exception {
        Tools.require("amtool");
        for (Map.Entry<String, String> severity : RECEIVER_OF.entrySet()) {
            assertRoute(severity.getValue(), "alertname=QuorateAnything", "severity=" + severity.getKey(), "cluster=c1");
        }
        for (JsonNode group : YAML.readTree(Repo.RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String severity = rule.path("labels").path("severity").asText();
                assertRoute(RECEIVER_OF.get(severity), "alertname=" + rule.path("alert").asText(), "severity=" + severity,
                        "cluster=c1", "node=n1");
            }
        }
    }

    private static void assertRoute(String receiver, String... labels) throws Exception {
        List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                "--config.file=" + Repo.ALERTMANAGER, "--verify.receivers=" + receiver));
        command.addAll(List.of(labels));
        Tools.Result route = Tools.run(Repo.ALERTS, Duration.ofSeconds(30), command);
        assertEquals(0, route.exitCode(), String.join(" ", labels) + " should reach " + receiver + ": " + route.output());
    }

    @Test
    void aRealAlertmanagerInhibitsAsConfigured(@TempDir Path dir) throws Exception {
        Tools.require("prometheus-alertmanager");
        // the file's routes and inhibitions, with receivers that send nothing anywhere
        ObjectNode config = (ObjectNode) YAML.readTree(Repo.ALERTMANAGER.toFile());
        ArrayNode receivers = JSON.createArrayNode();
        for (JsonNode receiver : config.path("receivers")) {
            receivers.add(JSON.createObjectNode().put("name", receiver.path("name").asText()));
        }
        config.set("receivers", receivers);
        Path file = dir.resolve("alertmanager.yml");
        YAML.writeValue(file.toFile(), config);
        int port = LocalServer.freePort();
        try (LocalServer am = LocalServer.start("alertmanager", List.of("prometheus-alertmanager",
                "--config.file=" + file, "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn"), port, dir.resolve("alertmanager.log"), Duration.ofSeconds(20))) {
            Map<String, String> expected = new LinkedHashMap<>();
            ArrayNode alerts = JSON.createArrayNode();
            add(alerts, expected, "active", "QuorateQuorumLost", "critical", "cluster", "c1", "node", "n1");
            add(alerts, expected, "suppressed", "QuorateVotesDegraded", "warning", "cluster", "c1", "node", "n2");
            add(alerts, expected, "suppressed", "QuorateNodeNotHeardFrom", "warning", "cluster", "c1", "node", "n3");
            add(alerts, expected, "active", "QuorateVotesDegraded", "warning", "cluster", "c2", "node", "m1");
            add(alerts, expected, "active", "QuorateKafkaUnreachable", "warning", "cluster", "c2", "node", "m1");
            add(alerts, expected, "suppressed", "QuorateEventSpoolGrowing", "warning", "cluster", "c2", "node", "m1");
            add(alerts, expected, "active", "QuorateEventSpoolGrowing", "warning", "cluster", "c2", "node", "m2");
            add(alerts, expected, "active", "QuorateFenceFailed", "critical", "cluster", "c3", "node", "n1", "target", "n3");
            add(alerts, expected, "suppressed", "QuorateFenceInProgress", "warning", "cluster", "c3", "target", "n3");
            add(alerts, expected, "active", "QuorateFenceInProgress", "warning", "cluster", "c3", "target", "n2");
            am.postJson("/api/v2/alerts", JSON.writeValueAsString(alerts));
            Map<String, String> states = new LinkedHashMap<>();
            LocalServer.Poll.until(Duration.ofSeconds(15), () -> {
                states.clear();
                for (JsonNode alert : JSON.readTree(am.get("/api/v2/alerts"))) {
                    states.put(key(alert.path("labels")), alert.path("status").path("state").asText());
                }
                return states.equals(expected);
            }, () -> "expected " + expected + "\ngot " + states);
        }
    }

    private static void add(ArrayNode alerts, Map<String, String> expected, String state, String name, String severity,
            String... labels) {
        ObjectNode alert = alerts.addObject();
        ObjectNode labelNode = alert.putObject("labels").put("alertname", name).put("severity", severity);
        for (int i = 0; i < labels.length; i += 2) {
            labelNode.put(labels[i], labels[i + 1]);
        }
        alert.putObject("annotations").put("summary", "test");
        alert.put("startsAt", Instant.now().toString());
        expected.put(key(labelNode), state);
    }

    private static String key(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        pairs.sort(Comparator.naturalOrder());
        return String.join(",", pairs);
    }
}
