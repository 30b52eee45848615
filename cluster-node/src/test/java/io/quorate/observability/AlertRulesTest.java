package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * alerts/quorate.rules.yml: promtool accepts the rules and their unit tests pass; every alert is
 * labelled and annotated, has its runbook, and has a firing and a quiet case in the unit tests.
 */
class AlertRulesTest {
    private static final String RUNBOOK_URL = "https://github.com/quorate/quorate/blob/main/docs/runbooks/";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    /** Headings every runbook has, for the operator who opens one at 3 a.m. */
    private static final List<String> RUNBOOK_SECTIONS = List.of("## Meaning", "## Impact", "## Confirm",
            "## Likely causes", "## What to do", "## Escalate");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static Map<String, JsonNode> alerts;

    @BeforeAll
    static void load() throws IOException {
        alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(Repo.RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    JsonNode previous = alerts.put(rule.path("alert").asText(), rule);
                    assertTrue(previous == null, "alert defined twice: " + rule.path("alert").asText());
                }
            }
        }
        assertFalse(alerts.isEmpty(), "no alerts in " + Repo.RULES);
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        Tools.require("promtool");
        Tools.Result check = Tools.run(Repo.ALERTS, Duration.ofSeconds(30), List.of("promtool", "check", "rules", Repo.RULES.toString()));
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS: " + countRules() + " rules found"), check.output());
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        Tools.require("promtool");
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        for (Path file : testFiles()) {
            command.add(file.toString());
        }
        Tools.Result test = Tools.run(Repo.ALERTS, Duration.ofSeconds(60), command);
        assertEquals(0, test.exitCode(), test.output());
        assertFalse(test.output().contains("FAILED"), test.output());
    }

    @Test
    void everyAlertHasSeverityAnnotationsAndItsRunbook() throws IOException {
        for (Map.Entry<String, JsonNode> entry : alerts.entrySet()) {
            String name = entry.getKey();
            JsonNode rule = entry.getValue();
            assertTrue(name.matches("Quorate[A-Z][A-Za-z]+"), name + ": name");
            assertTrue(SEVERITIES.contains(rule.path("labels").path("severity").asText()), name + ": severity " + rule.path("labels"));
            JsonNode annotations = rule.path("annotations");
            assertFalse(annotations.path("summary").asText().isBlank(), name + ": summary");
            assertTrue(annotations.path("description").asText().contains("{{ $labels."), name + ": description templates no label value");
            assertEquals(RUNBOOK_URL + name + ".md", annotations.path("runbook_url").asText(), name + ": runbook_url");
            Path runbook = Repo.RUNBOOKS.resolve(name + ".md");
            assertTrue(Files.isRegularFile(runbook), name + ": no " + Repo.ROOT.relativize(runbook));
            String text = Files.readString(runbook);
            assertTrue(text.startsWith("# " + name + "\n"), runbook + ": starts with '# " + name + "'");
            for (String section : RUNBOOK_SECTIONS) {
                assertTrue(text.contains("\n" + section + "\n"), runbook + ": no '" + section + "'");
            }
            assertTrue(text.contains("quorate "), runbook + ": names no quorate command");
        }
    }

    @Test
    void everyRunbookBelongsToAnAlert() throws IOException {
        try (Stream<Path> files = Files.list(Repo.RUNBOOKS)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("README.md")) {
                    assertTrue(name.endsWith(".md") && alerts.containsKey(name.substring(0, name.length() - 3)),
                            "runbook without an alert: " + name);
                }
            }
        }
        String index = Files.readString(Repo.RUNBOOKS.resolve("README.md"));
        for (String name : alerts.keySet()) {
            assertTrue(index.contains("[" + name + "](" + name + ".md)"), "docs/runbooks/README.md does not list " + name);
        }
    }

    @Test
    void quorumLossAlertsAtOnceAndCritically() {
        JsonNode rule = alerts.get("QuorateQuorumLost");
        assertTrue(rule != null, "no QuorateQuorumLost");
        assertEquals("critical", rule.path("labels").path("severity").asText());
        String delay = rule.path("for").asText("0m");
        assertTrue(delay.matches("0[smh]?"), "QuorateQuorumLost must not wait: for " + delay);
    }

    @Test
    void everyAlertFiresAndStaysQuietInTheUnitTests() throws IOException {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    JsonNode expected = check.path("exp_alerts");
                    if (expected.isArray() && expected.size() > 0) {
                        fires.add(name);
                        for (JsonNode alert : expected) {
                            assertTrue(alert.path("exp_annotations").has("description")
                                    && alert.path("exp_annotations").has("summary")
                                    && alert.path("exp_annotations").has("runbook_url"),
                                    file.getFileName() + " " + name + ": expect the exact annotations");
                            assertTrue(alert.path("exp_labels").has("severity"), file.getFileName() + " " + name + ": expect the labels");
                        }
                    } else {
                        quiet.add(name);
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : alerts.keySet()) {
            if (!fires.contains(name)) {
                missing.add(name + " never fires in a unit test");
            }
            if (!quiet.contains(name)) {
                missing.add(name + " has no case where it must not fire");
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void rulesNameOnlyCataloguedMetrics() throws IOException {
        MetricCatalog catalog = MetricCatalog.load();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : alerts.entrySet()) {
            for (String name : PromQl.seriesNames(entry.getValue().path("expr").asText())) {
                if (!catalog.allows(name)) {
                    unknown.add(entry.getKey() + ": " + name);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "metrics not in docs/metrics.md:\n" + String.join("\n", unknown));
    }

    private static int countRules() throws IOException {
        int rules = 0;
        for (JsonNode group : YAML.readTree(Repo.RULES.toFile()).path("groups")) {
            rules += group.path("rules").size();
        }
        return rules;
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(Repo.ALERTS)) {
            List<Path> tests = files.filter(f -> f.getFileName().toString().endsWith(".test.yml")).sorted().toList();
            assertFalse(tests.isEmpty(), "no *.test.yml in " + Repo.ALERTS);
            return tests;
        }
    }
}
