package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.testing.Incident;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quorate replay --to-openmetrics} end to end: the recorded incident on the embedded broker,
 * the CLI writes the file, {@code promtool tsdb create-blocks-from openmetrics} turns it into a TSDB
 * block, and a real Prometheus on that storage answers queries at instants of the incident that it
 * never scraped.
 */
class ReplayOpenMetricsTest {
    private static final String FROM = "2026-11-25T10:00:38Z";
    private static final String TO = "2026-11-25T10:01:20Z";
    private static final String INSTALL = "apt-get install -y prometheus";

    @TempDir
    Path dir;

    private static String publishIncident(String name) {
        String topic = KafkaTestBroker.newTopic(name, 3);
        try (TopicPublisher publisher = new TopicPublisher(KafkaTestBroker.settings(), topic)) {
            publisher.publish(Incident.events());
        }
        return topic;
    }

    private static Cli.Result replay(String topic, String... options) {
        return Cli.run(Stream.concat(Stream.of("replay", "--kafka", KafkaTestBroker.settings().bootstrapServers(), "--topic", topic,
                "--from", FROM, "--to", TO), Stream.of(options)).toArray(String[]::new));
    }

    @Test
    void anIncidentPrometheusNeverScrapedIsQueryableAfterPromtoolLoadsTheExport() throws Exception {
        String topic = publishIncident("cli.replay.openmetrics");
        Path file = dir.resolve("incident.om");
        Cli.Result result = replay(topic, "--to-openmetrics", file.toString(), "--openmetrics-step", "5s");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("PASSED\n"), "the timeline and verdict are still printed: " + result.out());
        assertTrue(result.out().contains("openmetrics: " + file + " ("), result.out());
        assertTrue(result.out().contains(" samples at 9 instants, every 5s)"), result.out());
        String text = Files.readString(file);
        assertTrue(text.endsWith("# EOF\n"));
        assertTrue(text.contains("quorate_members{cluster=\"lab\",node=\"n1\"} 2 " + seconds("10:00:48") + "\n"), text);

        ToolRequirement.require(INSTALL, "promtool", "prometheus");
        Path data = Files.createDirectories(dir.resolve("data"));
        long started = System.nanoTime();
        String created = run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", file.toString(), data.toString()));
        long promtoolMs = (System.nanoTime() - started) / 1_000_000;
        List<Path> blocks;
        try (Stream<Path> listed = Files.list(data)) {
            blocks = listed.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).toList();
        }
        assertFalse(blocks.isEmpty(), "promtool wrote no block:\n" + created);
        System.out.println("promtool create-blocks-from openmetrics: " + Files.size(file) + " bytes in " + promtoolMs + " ms, "
                + blocks.size() + " block(s)");

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        Path log = dir.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Await.until(Duration.ofSeconds(30), () -> {
                if (!prometheus.isAlive()) {
                    throw new AssertionError("prometheus exited with " + prometheus.exitValue() + ":\n" + read(log));
                }
                return status(http, port, "/-/ready") == 200;
            }, () -> read(log));

            assertEquals("2", value(http, port, "quorate_members{cluster=\"lab\",node=\"n1\"}", "10:00:48"));
            assertEquals("3", value(http, port, "quorate_members{cluster=\"lab\",node=\"n1\"}", "10:00:38"));
            assertEquals("1", value(http, port, "quorate_ha_resource_state{node=\"n2\",sid=\"vm:101\",state=\"fence\"}", "10:00:48"));
            assertEquals("1", value(http, port, "max by (sid, on) (quorate_ha_resource_node{sid=\"vm:101\",on=\"n2\"})", "10:01:03"));
            assertEquals("1", value(http, port, "max by (target) (quorate_fence_in_progress{cluster=\"lab\"})", "10:00:48"));
            assertEquals("2", value(http, port, "quorate_view_changes_total{node=\"n1\"}", "10:01:18"));
            assertEquals("1", value(http, port, "quorate_quorum_votes{node=\"n1\",type=\"expected_votes\"}"
                    + " - ignoring (type) quorate_quorum_votes{node=\"n1\",type=\"total_votes\"}", "10:00:48"),
                    "the degraded-votes alert's expression sees n3's vote missing");
            assertEquals("NaN", value(http, port, "quorate_quorate{node=\"n3\"}", "10:00:53"),
                    "n3 was fenced at 10:00:50: its series end with a NaN, not 5 minutes of its last value");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnwritableFileOrABadStepIsAOneLineErrorBeforeReading() {
        Path missing = dir.resolve("no-such-dir").resolve("incident.om");
        Cli.Result unwritable = replay("quorate.events.none", "--to-openmetrics", missing.toString());
        assertEquals(1, unwritable.exitCode(), unwritable.out() + unwritable.err());
        assertEquals("quorate: cannot write " + missing + ": no such directory", unwritable.err().strip());
        Cli.Result directory = replay("quorate.events.none", "--to-openmetrics", dir.toString());
        assertEquals(1, directory.exitCode(), directory.out() + directory.err());
        assertEquals("quorate: cannot write " + dir + ": is a directory", directory.err().strip());

        Cli.Result tooShort = replay("quorate.events.none", "--to-openmetrics", dir.resolve("x.om").toString(),
                "--openmetrics-step", "500ms");
        assertEquals(2, tooShort.exitCode());
        assertEquals("quorate: --openmetrics-step must be at least 1s, got 500ms", tooShort.err().strip());
        Cli.Result garbled = replay("quorate.events.none", "--to-openmetrics", dir.resolve("x.om").toString(),
                "--openmetrics-step", "fast");
        assertEquals(2, garbled.exitCode());
        assertEquals(1, garbled.err().strip().lines().count(), garbled.err());
        assertFalse(Files.exists(dir.resolve("x.om")));
    }

    private static String seconds(String hhmmss) {
        return Long.toString(Instant.parse("2026-11-25T" + hhmmss + "Z").getEpochSecond());
    }

    /** The single value {@code query} gives at the incident's instant {@code hhmmss}. */
    private static String value(HttpClient http, int port, String query, String hhmmss) throws Exception {
        String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + seconds(hhmmss);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonObject data = new JsonObject(response.body()).getJsonObject("data");
        if (data.getString("resultType").equals("scalar")) {
            return data.getJsonArray("value").getString(1);
        }
        JsonArray results = data.getJsonArray("result");
        assertEquals(1, results.size(), query + " at " + hhmmss + ": " + response.body());
        return results.getJsonObject(0).getJsonArray("value").getString(1);
    }

    private static int status(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "tool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail(String.join(" ", command) + " did not finish within 120 s:\n" + read(log));
        }
        String out = read(log);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
