package io.quorate.chaos.lab;

import io.quorate.lab.LabTools;
import io.quorate.runtime.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lab's Prometheus (Debian's package) on 127.0.0.1, scraping every node's /metrics over the
 * management network every second.
 */
final class LabPrometheus {
    private static final Duration READY = Duration.ofSeconds(30);
    private final Process process;
    private final String address;

    private LabPrometheus(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    static boolean installed() {
        return LabTools.find("prometheus").isPresent();
    }

    static LabPrometheus start(Path dir, List<LabState.Node> nodes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String targets = nodes.stream().map(n -> "'" + n.metrics() + "'").collect(Collectors.joining(", "));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: quorate-node",
                "    static_configs:",
                "      - targets: [" + targets + "]",
                ""));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Process process = new ProcessBuilder(LabTools.find("prometheus").orElseThrow().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + address, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        LabPrometheus prometheus = new LabPrometheus(process, address);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean ready = Poll.until(READY, Duration.ofMillis(100), () -> {
            if (!process.isAlive()) {
                return true;
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        if (!ready || !process.isAlive()) {
            prometheus.close();
            throw new LabException("prometheus did not start within " + READY.toSeconds() + " s; see " + dir.resolve("prometheus.log"));
        }
        return prometheus;
    }

    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    void close() {
        ProcessKiller.kill("prometheus", process.pid());
    }
}
