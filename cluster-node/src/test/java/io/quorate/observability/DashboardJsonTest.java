package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboards as Grafana reads them: required fields, variables, unique ids, a layout that fits,
 * queries that name only catalogued metrics (docs/metrics.md) with the cluster and node filters, and
 * JSON that is what dashboards/generate.py writes.
 */
class DashboardJsonTest {
    private static final Set<String> ANNOTATION_EXPRS = Set.of(
            "quorate_chaos_fault_active{cluster=\"$cluster\"} == 1",
            "quorate_fence_in_progress{cluster=\"$cluster\"} == 1",
            "quorate_exporter_fence_in_progress{cluster=\"$cluster\"} == 1");
    private static final String CLUSTER = "=\"$cluster\"";
    private static final String NODE = "=~\"$node\"";

    private static List<Dashboards.Dashboard> dashboards;
    private static MetricCatalog catalog;

    @BeforeAll
    static void load() throws IOException {
        dashboards = Dashboards.load();
        catalog = MetricCatalog.load();
    }

    @Test
    void atLeastSixDashboardsWithUniqueUidsAndTheRequiredFields() {
        assertTrue(dashboards.size() >= 6, "dashboards: " + dashboards.size());
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Dashboards.Dashboard d : dashboards) {
            JsonNode json = d.json();
            String uid = json.path("uid").asText();
            assertFalse(uid.isEmpty() || uid.length() > 40, d.name() + ": uid '" + uid + "' (1 to 40 characters)");
            assertTrue(uids.add(uid), d.name() + ": uid " + uid + " used twice");
            assertTrue(titles.add(json.path("title").asText()), d.name() + ": title used twice");
            assertFalse(json.path("title").asText().isBlank(), d.name() + ": title");
            assertTrue(json.path("schemaVersion").asInt() >= 39, d.name() + ": schemaVersion " + json.path("schemaVersion"));
            assertTrue(json.path("id").isNull() || json.path("id").isMissingNode(), d.name() + ": id must be null to provision");
            assertTrue(json.path("panels").isArray() && json.path("panels").size() > 0, d.name() + ": panels");
            assertTrue(json.path("time").has("from"), d.name() + ": time range");
        }
    }

    @Test
    void templatingHasDatasourceClusterAndNodeVariables() {
        for (Dashboards.Dashboard d : dashboards) {
            JsonNode datasource = variable(d, "datasource");
            assertEquals("datasource", datasource.path("type").asText(), d.name() + ": $datasource type");
            assertEquals("prometheus", datasource.path("query").asText(), d.name() + ": $datasource plugin");
            JsonNode cluster = variable(d, "cluster");
            assertEquals("label_values(quorate_quorate, cluster)", variableQuery(cluster), d.name() + ": $cluster");
            JsonNode node = variable(d, "node");
            assertEquals("label_values(quorate_quorate{cluster=\"$cluster\"}, node)", variableQuery(node), d.name() + ": $node");
            assertTrue(node.path("includeAll").asBoolean() && node.path("allValue").asText().equals(".*"),
                    d.name() + ": $node offers All (.*)");
            for (JsonNode v : d.json().path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    assertEquals("${datasource}", v.path("datasource").path("uid").asText(), d.name() + ": $" + v.path("name").asText());
                }
            }
        }
    }

    @Test
    void panelsHaveUniqueIdsTargetsUnitsAndFitTheGrid() {
        for (Dashboards.Dashboard d : dashboards) {
            Set<Integer> ids = new HashSet<>();
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode panel : d.panels()) {
                String where = d.name() + " panel '" + panel.path("title").asText() + "'";
                assertTrue(panel.path("id").isInt() && ids.add(panel.path("id").asInt()), where + ": id " + panel.path("id") + " not unique");
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertFalse(panel.path("title").asText().isBlank(), d.name() + " panel " + panel.path("id") + ": title");
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), where + ": datasource");
                assertFalse(panel.path("fieldConfig").path("defaults").path("unit").asText().isEmpty(), where + ": unit");
                JsonNode targets = panel.path("targets");
                assertTrue(targets.isArray() && targets.size() > 0, where + ": targets");
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : targets) {
                    assertTrue(refIds.add(target.path("refId").asText()), where + ": refId " + target.path("refId") + " twice");
                    assertFalse(target.path("expr").asText().isBlank(), where + ": expr");
                    assertEquals("${datasource}", target.path("datasource").path("uid").asText(), where + ": target datasource");
                }
                JsonNode grid = panel.path("gridPos");
                int[] box = {grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt()};
                assertTrue(box[2] > 0 && box[3] > 0 && box[0] >= 0 && box[0] + box[2] <= 24, where + ": gridPos " + grid);
                for (int[] other : boxes) {
                    boolean apart = box[0] >= other[0] + other[2] || other[0] >= box[0] + box[2]
                            || box[1] >= other[1] + other[3] || other[1] >= box[1] + box[3];
                    assertTrue(apart, where + ": overlaps another panel");
                }
                boxes.add(box);
            }
        }
    }

    @Test
    void queriesNameOnlyCataloguedOrStandardMetrics() {
        List<String> unknown = new ArrayList<>();
        for (Dashboards.Dashboard d : dashboards) {
            for (Dashboards.Query query : d.queries()) {
                Set<String> names = PromQl.seriesNames(query.promQl());
                if (names.isEmpty()) {
                    unknown.add(query.where() + ": names no metric: " + query.expr());
                }
                for (String name : names) {
                    if (!catalog.allows(name)) {
                        unknown.add(query.where() + ": " + name);
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "metrics not in docs/metrics.md:\n" + String.join("\n", unknown));
    }

    @Test
    void queriesFilterByClusterAndNodeAndUseOnlyLabelsTheMetricsHave() {
        List<String> problems = new ArrayList<>();
        for (Dashboards.Dashboard d : dashboards) {
            for (Dashboards.Query query : d.queries()) {
                if (query.kind() == Dashboards.Kind.VARIABLE) {
                    continue;
                }
                Set<String> filtered = new HashSet<>();
                for (PromQl.Selector selector : PromQl.selectors(query.expr())) {
                    filtered.add(selector.name());
                    problems.addAll(check(query, selector));
                }
                for (String name : PromQl.seriesNames(query.expr())) {
                    if (!filtered.contains(name) && !name.equals("up") && !name.startsWith("scrape_")) {
                        problems.add(query.where() + ": " + name + " without a cluster filter");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<String> check(Dashboards.Query query, PromQl.Selector selector) {
        List<String> problems = new ArrayList<>();
        String name = selector.name();
        Map<String, String> matchers = selector.matchers();
        if (name.equals("up") || name.startsWith("scrape_")) {
            return problems;
        }
        boolean standard = MetricCatalog.isStandard(name);
        MetricCatalog.Metric metric = catalog.ofSeries(name).orElse(null);
        boolean hasNode = standard || metric != null && metric.hasNode();
        if (!CLUSTER.equals(matchers.get("cluster"))) {
            problems.add(query.where() + ": " + name + " needs cluster=\"$cluster\"");
        }
        if (query.kind() == Dashboards.Kind.PANEL && hasNode && !NODE.equals(matchers.get("node"))) {
            problems.add(query.where() + ": " + name + " needs node=~\"$node\"");
        }
        if (metric != null) {
            for (String label : matchers.keySet()) {
                boolean known = label.equals("cluster") || metric.labels().containsKey(label)
                        || label.equals("node") && metric.hasNode() || label.equals("le") && name.endsWith("_bucket");
                if (!known) {
                    problems.add(query.where() + ": " + name + " has no label " + label + " (docs/metrics.md)");
                }
            }
        }
        return problems;
    }

    @Test
    void everyDashboardAnnotatesFaultWindowsAndFences() {
        for (Dashboards.Dashboard d : dashboards) {
            Set<String> exprs = new HashSet<>();
            for (JsonNode annotation : d.json().path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    exprs.add(annotation.path("expr").asText());
                    assertEquals("${datasource}", annotation.path("datasource").path("uid").asText(), d.name() + ": annotation datasource");
                    assertTrue(annotation.path("enable").asBoolean(), d.name() + ": annotation enabled");
                }
            }
            assertEquals(ANNOTATION_EXPRS, exprs, d.name() + ": annotations");
        }
    }

    @Test
    void provisioningFilesDeclareAPrometheusDatasourceAndAFileProvider() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode datasources = yaml.readTree(Repo.DASHBOARDS.resolve("provisioning/datasources/quorate.yml").toFile());
        assertEquals(1, datasources.path("apiVersion").asInt());
        JsonNode datasource = datasources.path("datasources").path(0);
        assertEquals("prometheus", datasource.path("type").asText());
        assertTrue(datasource.path("url").asText().startsWith("http"), "datasource url");
        assertFalse(datasource.path("name").asText().isBlank(), "datasource name");

        JsonNode dashboardsYaml = yaml.readTree(Repo.DASHBOARDS.resolve("provisioning/dashboards/quorate.yml").toFile());
        assertEquals(1, dashboardsYaml.path("apiVersion").asInt());
        JsonNode provider = dashboardsYaml.path("providers").path(0);
        assertEquals("file", provider.path("type").asText());
        assertTrue(provider.path("options").path("path").asText().startsWith("/"), "provider path");
    }

    @Test
    void dashboardsAreAsTheGeneratorWritesThem() throws Exception {
        // python3 is not among the test suite's tools: without it this check is skipped, also in CI
        Assumptions.assumeTrue(Tools.onPath("python3"), "skipped: no python3 to run dashboards/generate.py --check");
        Tools.Result check = Tools.run(Repo.DASHBOARDS, Duration.ofSeconds(60),
                List.of("python3", Repo.DASHBOARDS.resolve("generate.py").toString(), "--check"));
        assertEquals(0, check.exitCode(), check.output());
    }

    private static JsonNode variable(Dashboards.Dashboard d, String name) {
        for (JsonNode v : d.json().path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError(d.name() + ": no $" + name + " variable");
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }
}
