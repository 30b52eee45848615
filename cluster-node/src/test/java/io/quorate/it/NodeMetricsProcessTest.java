package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every node's {@code /metrics} with real processes: the cluster's state as each node sees it,
 * following a node's death; and docs/metrics.md names exactly the families a node serves.
 */
class NodeMetricsProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final Pattern FAMILY = Pattern.compile("^# TYPE (quorate_\\w+) (\\w+)$", Pattern.MULTILINE);
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(quorate_\\w+)` \\|", Pattern.MULTILINE);
    /** Families that appear once something happens (a lock is held, a write refused, a fence ends, ...). */
    private static final Set<String> ON_FIRST_OCCURRENCE = Set.of("quorate_heartbeat_rtt_seconds",
            "quorate_config_writes_rejected_total", "quorate_lock_held", "quorate_ha_resource_state", "quorate_ha_resource_node",
            "quorate_ha_restarts_total", "quorate_ha_relocations_total", "quorate_fences_total", "quorate_fence_in_progress",
            "quorate_member_last_seen_seconds");

    @TempDir
    Path base;

    private LocalCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeServesTheClusterAsItSeesItAndTheDocsNameEveryFamily() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        List<Path> dirs = cluster.members().stream().map(LocalCluster.Member::dir).toList();
        ConfigTreeChecks.awaitReady(LIMIT, dirs);
        for (LocalCluster.Member member : cluster.members()) {
            String node = member.name();
            Await.until(LIMIT, () -> value(scrape(member.dir()), "quorate_members", node).equals("3.0"),
                    () -> node + " /metrics: " + scrape(member.dir()));
            String text = scrape(member.dir());
            assertEquals("1.0", value(text, "quorate_quorate", node), text);
            assertTrue(text.contains("quorate_quorum_votes{cluster=\"quorate\",node=\"" + node + "\",type=\"total_votes\"} 3.0"), text);
            assertTrue(text.contains("quorate_quorum_votes{cluster=\"quorate\",node=\"" + node + "\",type=\"quorum\"} 2.0"), text);
            assertTrue(text.contains("jvm_memory_used_bytes{") && text.contains("vertx_") && text.contains("quorate_build_info{"),
                    "runtime binders and build info: " + text);
        }

        Path first = cluster.member("n1").dir();
        cluster.kill("n3");
        Await.until(LIMIT, () -> value(scrape(first), "quorate_members", "n1").equals("2.0"), () -> "n1: " + scrape(first));
        String afterKill = scrape(first);
        assertEquals("1.0", value(afterKill, "quorate_quorate", "n1"), "two of three keep quorum");
        assertTrue(Double.parseDouble(value(afterKill, "quorate_view_changes_total", "n1")) >= 2, afterKill);
        // the dead node stays visible with a growing age, for NodeNotHeardFrom
        Await.until(LIMIT, () -> lastSeen(scrape(first), "n3") >= 3, () -> "n1's last-seen age of n3: " + scrape(first));

        Set<String> served = families(afterKill);
        Set<String> documented = documentedNodeFamilies();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        // a histogram's decaying max comes with it (docs/metrics.md says so once)
        undocumented.removeIf(name -> name.endsWith("_max") && documented.contains(name.substring(0, name.length() - 4)));
        assertEquals(Set.of(), undocumented, "families a node serves that docs/metrics.md does not describe");
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        missing.removeAll(ON_FIRST_OCCURRENCE);
        assertEquals(Set.of(), missing, "families docs/metrics.md describes for a node that it does not serve");

        long start = System.nanoTime();
        scrape(first);
        System.out.printf("scrape of n1: %.1f ms, %d series%n", (System.nanoTime() - start) / 1e6,
                afterKill.lines().filter(l -> !l.startsWith("#")).count());
    }

    private String scrape(Path dir) {
        try {
            String address = Files.readString(dir.resolve("metrics.address")).strip();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return "not answering: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The value of an unlabelled (but for cluster and node) series, or "" when absent. */
    private static String value(String text, String name, String node) {
        Matcher matcher = Pattern.compile("^" + name + "\\{cluster=\"[^\"]*\",node=\"" + node + "\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static double lastSeen(String text, String member) {
        Matcher matcher = Pattern.compile("^quorate_member_last_seen_seconds\\{[^}]*member=\"" + member + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    /** Family names as Prometheus exposes them (counters with their _total). */
    private static Set<String> families(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = FAMILY.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(2).equals("counter") && !matcher.group(1).endsWith("_total") ? matcher.group(1) + "_total"
                    : matcher.group(1));
        }
        return names;
    }

    /** The families of docs/metrics.md's node sections (before the cluster exporter's). */
    private static Set<String> documentedNodeFamilies() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "metrics.md"));
        String nodeSections = docs.substring(0, docs.indexOf("## Cluster exporter"));
        Set<String> names = new TreeSet<>();
        Matcher matcher = DOCUMENTED.matcher(nodeSections);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
