package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorate.cli.Main;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.exporter.ExporterServer;
import io.quorate.exporter.StreamExporter;
import io.quorate.exporter.TopicFollower;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring stack on a real cluster: three HA hosts (supervisor + node) streaming to the
 * embedded broker, the cluster exporter reading the topic, and a real Prometheus with the alert
 * rules scraping all of them as the README says. The cluster lives through what the dashboards
 * show: an HA guest, a migration, a refused write, a guest that dies and is restarted, an IPMI
 * fence and failover. Then every panel and annotation query of every dashboard returns data (the
 * chaos dashboard's come from the chaos runner, not part of this cluster), and once a second node
 * dies the quorum alert fires.
 */
class ClusterObservabilityProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String SID = "vm:101";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "quorate";

    @TempDir
    Path base;

    private LocalHaCluster cluster;
    private ExporterServer exporterServer;
    private TopicFollower follower;
    private LocalServer prometheus;
    private final long startedAt = System.currentTimeMillis() / 1000;

    @AfterEach
    void tearDown() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (follower != null) {
            follower.close();
        }
        if (exporterServer != null) {
            exporterServer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRealClusterFeedsEveryDashboardQueryAndLosingTwoNodesFiresTheQuorumAlert() throws Exception {
        Tools.require("prometheus", "ipmi_sim", "ipmitool");
        String topic = KafkaTestBroker.newTopic("observability", 3);
        List<String> options = List.of("--lock-expiry", "12s", "--watchdog-timeout", "5s", "--ha-loop", "500ms",
                "--fence-delay", "60s", "--kafka", KafkaTestBroker.get().bootstrapServers(), "--kafka-topic", topic);
        cluster = LocalHaCluster.start(base, 3, 1000, options, true, HaHost.javaCommandOfThisJvm());
        StreamExporter exporter = new StreamExporter();
        exporterServer = ExporterServer.start("127.0.0.1", 0, exporter);
        follower = new TopicFollower(KafkaTestBroker.settings(), topic, exporter).start();
        startPrometheus();
        awaitQuery("count(quorate_members == 3) == 3", "every node sees three members");

        Path first = cluster.dirs().get(0);
        cli(first, cluster.fenceConfig(), "fs", "write", "ha/fence.cfg");
        cli(first, "", "ha", "add", SID);
        String home = awaitPlacement("started", null);
        String target = cluster.hosts().keySet().stream().filter(n -> !n.equals(home)).findFirst().orElseThrow();
        cli(first, "", "ha", "migrate", SID, target);
        awaitPlacement("started", target);
        cli(first, "", "lock", "acquire", "ha_manager_lock"); // held by the CRM master: refused, and counted
        killGuest(target);
        // scraped a few times before its node goes: rates need two samples
        awaitQuery("sum(count_over_time(quorate_ha_restarts_total[1m])) >= 3", "the LRM restarted the killed guest");
        IpmiFencer.Result off = new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .powerOff(cluster.fenceDevices().get(target));
        assertTrue(off.poweredOff(), off.toString());
        String survivor = awaitPlacement("started", null, target);
        awaitQuery("sum(quorate_exporter_failover_seconds_count) >= 1", "the exporter measured the failover");

        assertEveryDashboardQueryReturnsData();

        String last = cluster.hosts().keySet().stream().filter(n -> !n.equals(target) && !n.equals(survivor))
                .findFirst().orElseThrow();
        cluster.host(survivor).powerCut();
        // the last node says so itself, unless it held a watchdog role: then it resets itself within
        // seconds (as it must without quorum) and the exporter, reading the stream, says it instead
        awaitFiring("QuorateQuorumLost", "\"node\":\"" + last + "\"", "\"job\":\"quorate-exporter\"");
    }

    private void startPrometheus() throws Exception {
        StringBuilder nodes = new StringBuilder();
        for (Map.Entry<String, HaHost> host : cluster.hosts().entrySet()) {
            Path address = host.getValue().dir().resolve("metrics.address");
            LocalServer.Poll.until(LIMIT, () -> Files.exists(address), () -> "no " + address);
            nodes.append("      - targets: ['").append(Files.readString(address).strip()).append("']\n")
                    .append("        labels: {cluster: ").append(CLUSTER).append(", node: ").append(host.getKey()).append("}\n");
        }
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: quorate-node
                    honor_labels: true
                    static_configs:
                %s  - job_name: quorate-exporter
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {cluster: %s}
                """.formatted(Repo.RULES, nodes, exporterServer.port(), CLUSTER);
        prometheus = LocalServer.prometheus(base, config);
    }

    /** Runs the CLI as its own process (it reads stdin), against the node in {@code dir}. */
    private static void cli(Path dir, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(HaHost.javaCommandOfThisJvm());
        command.addAll(List.of(args));
        command.addAll(List.of("--dir", dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "quorate " + String.join(" ", args) + " hangs");
        if (!args[0].equals("lock")) {
            assertEquals(0, process.exitValue(), "quorate " + String.join(" ", args) + ": " + output);
        }
    }

    /** SIGKILL of vm:101's guest process on {@code node}: a guest that dies, for its LRM to restart. */
    private void killGuest(String node) throws Exception {
        List<ProcessHandle> guests = new ArrayList<>();
        awaitResult(() -> {
            guests.clear();
            ProcessHandle.allProcesses().filter(p -> isGuest(p, node)).forEach(guests::add);
            return guests.size() == 1;
        }, "one guest process of " + SID + " on " + node);
        guests.get(0).destroyForcibly();
    }

    /** From /proc: ProcessHandle's command line leaves out the arguments of long command lines. */
    private static boolean isGuest(ProcessHandle process, String node) {
        try {
            String argv = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
            // the JVM itself, not the shell wrapper around it (whose arguments name the guest too)
            return argv.split(" ", 2)[0].endsWith("java") && argv.contains("guest serve --sid " + SID + " --node " + node + " ");
        } catch (java.io.IOException e) {
            return false; // gone meanwhile
        }
    }

    /** Waits until Prometheus has vm:101 in {@code state} (on {@code node}, or any node not {@code notOn}); returns its node. */
    private String awaitPlacement(String state, String node, String... notOn) throws Exception {
        String[] found = new String[1];
        awaitResult(() -> {
            JsonNode result = query("max by(on)(quorate_ha_resource_node{sid=\"" + SID + "\"}) and on() "
                    + "max(quorate_ha_resource_state{sid=\"" + SID + "\",state=\"" + state + "\"}) == 1");
            for (JsonNode series : result) {
                String on = series.path("metric").path("on").asText();
                if ((node == null || node.equals(on)) && !List.of(notOn).contains(on)) {
                    found[0] = on;
                    return true;
                }
            }
            return false;
        }, SID + " " + state + (node == null ? "" : " on " + node));
        return found[0];
    }

    private void awaitQuery(String expr, String what) throws Exception {
        awaitResult(() -> query(expr).size() > 0, what + " (" + expr + ")");
    }

    private void awaitResult(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        LocalServer.Poll.until(LIMIT, condition, () -> "Prometheus never showed: " + what);
    }

    /** A range query over the test so far, as Grafana runs panels and annotations over its time range. */
    private JsonNode queryRange(String expr) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        JsonNode answer = JSON.readTree(prometheus.get("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start=" + startedAt + "&end=" + now + "&step=1"));
        assertEquals("success", answer.path("status").asText(), expr + ": " + answer);
        return answer.path("data").path("result");
    }

    private JsonNode query(String expr) throws Exception {
        JsonNode answer = JSON.readTree(prometheus.get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        assertEquals("success", answer.path("status").asText(), expr + ": " + answer);
        return answer.path("data").path("result");
    }

    /** Every panel and annotation query, for all nodes, returns data over the test's time range (the chaos runner's excepted). */
    private void assertEveryDashboardQueryReturnsData() throws Exception {
        Map<String, String> pending = new LinkedHashMap<>();
        for (Dashboards.Dashboard dashboard : Dashboards.load()) {
            if (dashboard.name().contains("chaos")) {
                continue; // its series come from `quorate chaos` runs, not from a cluster
            }
            for (Dashboards.Query query : dashboard.queries()) {
                if (query.kind() == Dashboards.Kind.VARIABLE || query.expr().contains("quorate_chaos_")) {
                    continue;
                }
                // all nodes: which node is master or was fenced differs from run to run (DashboardQueriesTest
                // runs every query for one node too, on a fixed exposition)
                pending.put(query.where(), DashboardQueriesTest.substitute(query.expr(),
                        Map.of("cluster", CLUSTER, "node", ".*", "sid", ".*", "experiment", ".*")));
            }
        }
        int total = pending.size();
        LocalServer.Poll.until(LIMIT, () -> {
            for (Map.Entry<String, String> query : new ArrayList<>(pending.entrySet())) {
                if (queryRange(query.getValue()).size() > 0) {
                    pending.remove(query.getKey());
                }
            }
            return pending.isEmpty();
        }, () -> pending.size() + " of " + total + " dashboard queries return no data on a real cluster:\n"
                + String.join("\n", pending.keySet()));
        System.out.printf("%d dashboard queries returned data from a real cluster and exporter%n", total);
    }

    /** Waits until {@code alert} fires with labels containing any of {@code labelsOneOf}. */
    private void awaitFiring(String alert, String... labelsOneOf) throws Exception {
        List<String> firing = new ArrayList<>();
        LocalServer.Poll.until(LIMIT, () -> {
            firing.clear();
            for (JsonNode active : JSON.readTree(prometheus.get("/api/v1/alerts")).path("data").path("alerts")) {
                if (active.path("state").asText().equals("firing")) {
                    firing.add(active.path("labels").toString());
                }
            }
            return firing.stream().anyMatch(labels -> labels.contains("\"alertname\":\"" + alert + "\"")
                    && java.util.Arrays.stream(labelsOneOf).anyMatch(labels::contains));
        }, () -> alert + " with one of " + List.of(labelsOneOf) + " not firing; firing: " + firing);
    }
}
