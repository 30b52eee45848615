package io.quorate.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** A Prometheus or Alertmanager process on 127.0.0.1 for one test class, with its log. */
final class LocalServer implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalServer(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A real Prometheus with {@code config} (written to {@code dir/prometheus.yml}), its data and log in
     * {@code dir}, alerts resent every second (without that the first may take a minute to go out).
     */
    static LocalServer prometheus(Path dir, String config) throws Exception {
        Path file = dir.resolve("prometheus.yml");
        java.nio.file.Files.writeString(file, config);
        int port = freePort();
        return start("prometheus", List.of("prometheus", "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle", "--rules.alert.resend-delay=1s",
                "--log.level=warn"), port, dir.resolve("prometheus.log"), Duration.ofSeconds(20));
    }

    /** Starts {@code command} (which listens on {@code port}) and waits until /-/ready answers 200. */
    static LocalServer start(String name, List<String> command, int port, Path log, Duration limit) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(name, process, log, port);
        try {
            Poll.until(limit, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + server.logText());
                }
                return server.status("/-/ready") == 200;
            }, () -> name + " not ready; log:\n" + server.logText());
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    int status(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String pathAndQuery) throws IOException, InterruptedException {
        return body(http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    String postJson(String path, String json) throws IOException, InterruptedException {
        return body(http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private String body(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(name + " answered " + response.statusCode() + " to " + response.uri() + ": " + response.body());
        }
        return response.body();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Polls a condition with a deadline; the condition may throw to give up at once. */
    static final class Poll {
        private Poll() {
        }

        static void until(Duration limit, Callable<Boolean> condition, Callable<String> state) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!condition.call()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + limit.toSeconds() + " s: " + state.call());
                }
                Thread.sleep(100); // the pause between two polls, not a synchronisation
            }
        }
    }
}
