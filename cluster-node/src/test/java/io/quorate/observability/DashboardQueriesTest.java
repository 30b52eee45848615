package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus, loaded with the alert rules, scrapes one sample of every catalogued metric
 * (as a node, the cluster exporter and the chaos runner expose them, see {@link CatalogExposition})
 * with the scrape config the README recommends; every dashboard query (panels, annotations,
 * variables), with Grafana's variables filled in, must return data, and every rule must evaluate
 * without error.
 */
class DashboardQueriesTest {
    /** Grafana's variables as a user with the test cluster picked would have them. */
    private static final Map<String, String> ONE_NODE = Map.of("cluster", CatalogExposition.CLUSTER,
            "node", CatalogExposition.NODE, "sid", ".*", "experiment", ".*");
    /** The same with All nodes, resources and experiments. */
    private static final Map<String, String> ALL_NODES = Map.of("cluster", CatalogExposition.CLUSTER,
            "node", ".*", "sid", ".*", "experiment", ".*");
    private static final Map<String, String> BUILTIN = Map.of("__rate_interval", "30s", "__interval", "5s",
            "__range", "2m", "__range_s", "120");
    /** What each query variable must offer from the exposition. */
    private static final Map<String, String> VARIABLE_VALUE = Map.of("cluster", CatalogExposition.CLUSTER,
            "node", CatalogExposition.NODE, "sid", "vm:101", "experiment", "kill-master");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z_]\\w*)}|\\$([a-zA-Z_]\\w*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static CatalogExposition exposition;
    private static LocalServer prometheus;
    private static List<Dashboards.Dashboard> dashboards;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("prometheus");
        dashboards = Dashboards.load();
        exposition = new CatalogExposition(MetricCatalog.load());
        String target = "127.0.0.1:" + exposition.port();
        // the scrape config of the README: nodes keep their own cluster/node labels (honor_labels),
        // the exporter and the chaos runner get cluster from the job
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: quorate-node
                    metrics_path: /node/metrics
                    honor_labels: true
                    static_configs:
                      - targets: ['%s']
                        labels: {cluster: %s, node: %s}
                  - job_name: quorate-exporter
                    metrics_path: /exporter/metrics
                    static_configs:
                      - targets: ['%s']
                        labels: {cluster: %s}
                  - job_name: quorate-chaos
                    metrics_path: /chaos/metrics
                    static_configs:
                      - targets: ['%s']
                        labels: {cluster: %s}
                """.formatted(Repo.RULES, target, CatalogExposition.CLUSTER, CatalogExposition.NODE,
                target, CatalogExposition.CLUSTER, target, CatalogExposition.CLUSTER);
        prometheus = LocalServer.prometheus(dir, config);
        // the three scrape jobs deliver (a malformed exposition fails here, with Prometheus' reason)
        LocalServer.Poll.until(Duration.ofSeconds(30), () -> {
            JsonNode up = JSON.readTree(prometheus.get("/api/v1/query?query=" + encode("sum(up) == 3")));
            return up.path("data").path("result").size() > 0;
        }, () -> "scrapes failing: " + prometheus.get("/api/v1/targets"));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exposition != null) {
            exposition.close();
        }
    }

    @Test
    void everyPanelAndAnnotationQueryReturnsData() throws Exception {
        Map<String, String> pending = new LinkedHashMap<>();
        for (Dashboards.Dashboard d : dashboards) {
            for (Dashboards.Query query : d.queries()) {
                if (query.kind() != Dashboards.Kind.VARIABLE) {
                    pending.put(query.where() + " [one node]", substitute(query.expr(), ONE_NODE));
                    pending.put(query.where() + " [all nodes]", substitute(query.expr(), ALL_NODES));
                }
            }
        }
        int total = pending.size();
        Map<String, String> lastAnswer = new LinkedHashMap<>();
        // the first samples arrive some seconds after start; rates need two
        LocalServer.Poll.until(Duration.ofSeconds(40), () -> {
            for (Map.Entry<String, String> query : new ArrayList<>(pending.entrySet())) {
                JsonNode answer = JSON.readTree(prometheus.get("/api/v1/query?query=" + encode(query.getValue())));
                assertEquals("success", answer.path("status").asText(), query.getKey() + ": " + answer);
                JsonNode result = answer.path("data").path("result");
                if (result.size() > 0) {
                    pending.remove(query.getKey());
                } else {
                    lastAnswer.put(query.getKey(), answer.toString());
                }
            }
            return pending.isEmpty();
        }, () -> pending.size() + " of " + total + " queries return no data:\n" + describe(pending, lastAnswer));
    }

    @Test
    void everyVariableOffersTheScrapedValues() throws Exception {
        for (Dashboards.Dashboard d : dashboards) {
            for (Dashboards.Query query : d.queries()) {
                if (query.kind() != Dashboards.Kind.VARIABLE) {
                    continue;
                }
                String label = query.variableLabel();
                assertTrue(label != null, query.where() + ": not label_values(selector, label): " + query.expr());
                String selector = substitute(query.promQl(), ONE_NODE);
                String wanted = VARIABLE_VALUE.get(query.where().replaceAll(".*\\$", ""));
                List<String> offered = new ArrayList<>();
                LocalServer.Poll.until(Duration.ofSeconds(30), () -> {
                    offered.clear();
                    JsonNode answer = JSON.readTree(prometheus.get("/api/v1/label/" + label + "/values?match[]=" + encode(selector)));
                    answer.path("data").forEach(v -> offered.add(v.asText()));
                    return offered.contains(wanted);
                }, () -> query.where() + " offers " + offered + ", not " + wanted);
            }
        }
    }

    @Test
    void everyRuleLoadsAndEvaluatesWithoutError() throws Exception {
        List<String> states = new ArrayList<>();
        LocalServer.Poll.until(Duration.ofSeconds(30), () -> {
            states.clear();
            boolean evaluated = true;
            for (JsonNode group : JSON.readTree(prometheus.get("/api/v1/rules")).path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String health = rule.path("health").asText();
                    states.add(rule.path("name").asText() + ": " + health + " " + rule.path("lastError").asText(""));
                    evaluated &= !health.equals("unknown");
                }
            }
            return evaluated && !states.isEmpty();
        }, () -> "rules not evaluated yet: " + states);
        assertEquals(ruleCount(), states.size(), "rules loaded by Prometheus: " + states);
        for (String state : states) {
            assertTrue(state.contains(": ok"), "rule evaluation failed: " + state);
        }
    }

    @Test
    void alertsFireFromTheScrapedSeries() throws Exception {
        // the exposition has fences running (a node's and the exporter's gauge: one alert) and quorum
        List<JsonNode> firing = new ArrayList<>();
        LocalServer.Poll.until(Duration.ofSeconds(30), () -> {
            firing.clear();
            for (JsonNode alert : JSON.readTree(prometheus.get("/api/v1/alerts")).path("data").path("alerts")) {
                if (alert.path("state").asText().equals("firing")) {
                    firing.add(alert);
                }
            }
            return firing.stream().anyMatch(a -> a.path("labels").path("alertname").asText().equals("QuorateFenceInProgress"));
        }, () -> "QuorateFenceInProgress not firing: " + firing);
        List<JsonNode> fences = firing.stream()
                .filter(a -> a.path("labels").path("alertname").asText().equals("QuorateFenceInProgress")).toList();
        assertEquals(1, fences.size(), "one alert for the node's and the exporter's view: " + fences);
        JsonNode fence = fences.get(0);
        assertEquals(Map.of("alertname", "QuorateFenceInProgress", "severity", "warning", "cluster", CatalogExposition.CLUSTER,
                "target", "n3"), JSON.convertValue(fence.path("labels"), Map.class));
        assertEquals("Node n3 of cluster c1 is being fenced", fence.path("annotations").path("summary").asText());
        assertTrue(fence.path("annotations").path("runbook_url").asText().endsWith("/QuorateFenceInProgress.md"));
        assertTrue(firing.stream().noneMatch(a -> a.path("labels").path("alertname").asText().equals("QuorateQuorumLost")),
                "quorum is fine: " + firing);
    }

    static String substitute(String expr, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String value = BUILTIN.containsKey(name) ? BUILTIN.get(name) : variables.get(name);
            if (value == null) {
                throw new AssertionError("unknown variable $" + name + " in " + expr);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String describe(Map<String, String> pending, Map<String, String> lastAnswer) {
        StringBuilder out = new StringBuilder();
        pending.forEach((where, expr) -> out.append("  ").append(where).append("\n    ").append(expr.replace("\n", " "))
                .append("\n    -> ").append(lastAnswer.get(where)).append('\n'));
        return out.toString();
    }

    /** The number of rules in alerts/quorate.rules.yml. */
    private static long ruleCount() throws java.io.IOException {
        long rules = 0;
        for (JsonNode group : new YAMLMapper().readTree(Repo.RULES.toFile()).path("groups")) {
            rules += group.path("rules").size();
        }
        return rules;
    }
}
