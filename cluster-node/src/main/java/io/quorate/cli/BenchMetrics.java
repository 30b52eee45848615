package io.quorate.cli;

import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.ServiceState;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.state.ManagerStatusJson;
import io.quorate.runtime.LocalCluster;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Scrape cost of a real node: a one-node cluster whose manager status holds {@code --resources} HA
 * resources (written into its config tree), scraped over HTTP as Prometheus would.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Time /metrics scrapes of a real node whose HA manager status holds many resources.")
final class BenchMetrics implements Callable<Integer> {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--resources", defaultValue = "1000", description = "HA resources (default ${DEFAULT-VALUE}).")
    int resources;

    @Option(names = "--scrapes", defaultValue = "200", description = "Timed scrapes (default ${DEFAULT-VALUE}).")
    int scrapes;

    @Override
    public Integer call() throws Exception {
        if (resources < 1 || scrapes < 1) {
            throw new CliException("--resources and --scrapes: at least 1", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path base = Files.createTempDirectory("quorate-bench-metrics-");
        try (LocalCluster cluster = LocalCluster.onLoopback(base, 1, 1000)) {
            cluster.startAll();
            Path dir = cluster.members().get(0).dir();
            BenchCommand.await(LIMIT.toMillis(), () -> Files.exists(dir.resolve("metrics.address")), "the metrics address");
            URI uri = URI.create("http://" + Files.readString(dir.resolve("metrics.address")).strip() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();
            String[] last = {""};
            BenchCommand.await(LIMIT.toMillis(), () -> {
                NodeApi.forDir(dir).putBytes("/api2/json/cluster/fs/file?path=" + HaPaths.MANAGER_STATUS, managerStatus("n1"));
                return true;
            }, "writing the manager status");
            BenchCommand.await(LIMIT.toMillis(), () -> {
                last[0] = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                return last[0].contains("sid=\"vm:" + (100 + resources - 1) + "\"");
            }, "the node showing every resource");
            for (int i = 0; i < 20; i++) {
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()); // warm-up
            }
            List<Double> millis = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < scrapes; i++) {
                long start = System.nanoTime();
                byte[] body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                millis.add((System.nanoTime() - start) / 1e6); // bytes received, as Prometheus times a scrape
                bytes = body.length;
                last[0] = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            }
            Collections.sort(millis);
            long series = last[0].lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            out.printf("/metrics of a node with %,d HA resources: %,d series, %,d bytes; %d scrapes over HTTP: median %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms%n", resources, series, bytes, scrapes, millis.get(millis.size() / 2),
                    millis.get((int) Math.min(millis.size() - 1, Math.ceil(millis.size() * 0.99) - 1)), millis.get(millis.size() - 1));
        } finally {
            BenchCommand.deleteTree(base);
        }
        return 0;
    }

    private byte[] managerStatus(String node) {
        ManagerStatus status = new ManagerStatus();
        status.masterNode = node;
        for (int i = 0; i < resources; i++) {
            status.services.put("vm:" + (100 + i), new ManagerStatus.ServiceEntry(i % 10 == 0 ? ServiceState.STOPPED : ServiceState.STARTED,
                    node, "u" + i));
        }
        return ManagerStatusJson.encode(status, System.currentTimeMillis() / 1000);
    }
}
