package io.quorate.cli;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.NodeEvent;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.NodeEventLog;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "configdb", mixinStandardHelpOptions = true,
        description = {"Durable config-tree writes on a local cluster of real node processes: commit latency and",
                "throughput (each write fsynced on a majority), then the catch-up time of a node that missed writes."})
final class BenchConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster size (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--writes", defaultValue = "20000", description = "Writes to measure (default ${DEFAULT-VALUE}).")
    int writes;

    @Option(names = "--size", defaultValue = "1024", description = "Bytes per write (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--catchup", defaultValue = "10000",
            description = "Writes a stopped node misses before it restarts and catches up; 0 skips (default ${DEFAULT-VALUE}).")
    int catchup;

    @Option(names = "--token", defaultValue = "1000", description = "Token timeout in ms (default ${DEFAULT-VALUE}).")
    long tokenMs;

    private final AtomicInteger sequence = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || writes < 1 || size < 0 || size > 1024 * 1024 || clients < 1 || catchup < 0) {
            throw new CliException("--nodes, --writes and --clients must be positive, --size 0..1048576, --catchup >= 0", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path base = Files.createTempDirectory("quorate-bench-configdb-");
        FileStore disk = Files.getFileStore(base);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            names.add("n" + i);
        }
        try (LocalCluster cluster = LocalCluster.onLoopback(base, nodes, tokenMs)) {
            cluster.startAll();
            String leader = awaitLeader(cluster, names);
            NodeApi api = NodeApi.forDir(cluster.member(leader).dir());
            out.printf("%d nodes on loopback, token %d ms, leader %s; disk %s (%s) under %s%n", nodes, tokenMs, leader,
                    disk.name(), disk.type(), base);
            out.flush();
            write(api, Math.min(2000, writes), 4); // warm up the JIT and the connections
            long start = System.nanoTime();
            long[] latencies = write(api, writes, clients);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            out.printf("%d writes of %d bytes, %d clients, through the leader's HTTPS API:%n", writes, size, clients);
            out.printf("  throughput %.0f writes/s%n", writes / seconds);
            out.printf("  client round trip  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", ms(latencies, 0.50), ms(latencies, 0.99),
                    latencies[latencies.length - 1] / 1e6);
            long[] commits = commitLatencies(cluster.member(leader).dir());
            out.printf("  leader commit (proposed -> applied, fsynced on a majority)  p50 %.2f ms  p99 %.2f ms  (%d commits)%n",
                    ms(commits, 0.50), ms(commits, 0.99), commits.length);
            out.flush();
            if (catchup > 0 && nodes > 1) {
                measureCatchup(out, cluster, names, leader, api);
            }
        } finally {
            BenchCommand.deleteTree(base);
        }
        return 0;
    }

    private void measureCatchup(PrintWriter out, LocalCluster cluster, List<String> names, String leader, NodeApi api)
            throws Exception {
        String lagging = names.stream().filter(n -> !n.equals(leader)).reduce((a, b) -> b).orElseThrow();
        cluster.process(lagging).stop(Duration.ofSeconds(10));
        write(api, catchup, clients);
        long target = api.get("/api2/json/cluster/fs/status").getJsonObject("data").getLong("commit_index");
        cluster.start(lagging);
        NodeApi laggingApi = NodeApi.forDir(cluster.member(lagging).dir());
        BenchCommand.await(120_000, () -> {
            try {
                JsonObject status = laggingApi.get("/api2/json/cluster/fs/status").getJsonObject("data");
                return status.getLong("version") >= target && status.getBoolean("current");
            } catch (CliException e) {
                return false; // not listening yet
            }
        }, lagging + " catching up to version " + target);
        List<Event> events = NodeEventLog.read(cluster.member(lagging).dir());
        long startedAt = 0;
        long caughtUpAt = 0;
        boolean snapshot = false;
        for (Event event : events) {
            if (event.data() instanceof NodeEvent.Started) {
                startedAt = event.time().toEpochMilli();
                caughtUpAt = 0;
                snapshot = false;
            } else if (event.data() instanceof ConfigEvent.SnapshotInstalled) {
                snapshot = true;
            } else if (event.data() instanceof ConfigEvent.CatchupFinished && caughtUpAt == 0) {
                caughtUpAt = event.time().toEpochMilli();
            }
        }
        out.printf("catch-up: %s missed %d writes; from its start to current (version %d) %d ms%s%n", lagging, catchup,
                target, caughtUpAt - startedAt, snapshot ? " (by snapshot)" : " (from the log)");
        out.flush();
    }

    /** Runs {@code count} writes on {@code threads} clients; returns each write's latency in ns. */
    private long[] write(NodeApi api, int count, int threads) throws Exception {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        api.putBytes("/api2/json/cluster/fs/file?path=bench/f" + (sequence.incrementAndGet() % 1000), payload);
                        latencies[i] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /** From the leader's events: time from config.proposed to config.committed of each version. */
    private static long[] commitLatencies(Path leaderDir) throws java.io.IOException {
        Map<Long, Long> proposed = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Event event : NodeEventLog.read(leaderDir)) {
            long nanos = event.time().getEpochSecond() * 1_000_000_000L + event.time().getNano();
            if (event.data() instanceof ConfigEvent.Proposed p) {
                proposed.put(p.version(), nanos);
            } else if (event.data() instanceof ConfigEvent.Committed c && proposed.containsKey(c.version())) {
                latencies.add(nanos - proposed.get(c.version()));
            }
        }
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static String awaitLeader(LocalCluster cluster, List<String> names) throws Exception {
        String[] leader = new String[1];
        BenchCommand.await(60_000, () -> {
            String seen = null;
            for (String name : names) {
                JsonObject status;
                try {
                    status = NodeApi.forDir(cluster.member(name).dir()).get("/api2/json/cluster/fs/status").getJsonObject("data");
                } catch (CliException e) {
                    return false;
                }
                if (!status.getBoolean("current") || (seen != null && !seen.equals(status.getString("leader")))) {
                    return false;
                }
                seen = status.getString("leader");
            }
            leader[0] = seen;
            return true;
        }, "a config leader that every node follows");
        return leader[0];
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
