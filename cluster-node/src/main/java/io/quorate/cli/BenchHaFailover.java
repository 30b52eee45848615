package io.quorate.cli;

import io.quorate.ha.fence.IpmiFencer;
import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeAnswer;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Failover time of an HA guest, fault to answering elsewhere, as an outside prober sees it: a fresh
 * 3-node cluster per run, process guest vm:101, then kill -9 of its node process (watchdog fencing)
 * or an IPMI power off of its host (hardware fencing).
 */
@Command(name = "ha-failover", mixinStandardHelpOptions = true,
        description = {"Measure HA failover: fault on the node running vm:101 -> vm:101 answering on another node,",
                "polled every 50 ms by an outside prober that also checks it never answers on two nodes at once."})
final class BenchHaFailover implements Callable<Integer> {
    private static final long LIMIT_MS = Duration.ofMinutes(5).toMillis();

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5", description = "Faults to measure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--fence", defaultValue = "watchdog", description = "watchdog (kill -9 the node process) or ipmi"
            + " (power the host off over IPMI; needs ipmitool and ipmi_sim).")
    String fence;

    @Option(names = "--lock-expiry", defaultValue = "120s", converter = DurationMillisConverter.class,
            description = "Cluster lock expiry (default ${DEFAULT-VALUE}, as Proxmox).")
    long lockExpiryMs;

    @Option(names = "--watchdog-timeout", defaultValue = "60s", converter = DurationMillisConverter.class,
            description = "Watchdog timeout (default ${DEFAULT-VALUE}, as Proxmox).")
    long watchdogMs;

    @Override
    public Integer call() throws Exception {
        if (!fence.equals("watchdog") && !fence.equals("ipmi")) {
            throw new CliException("--fence: watchdog or ipmi, got '" + fence + "'", 2);
        }
        if (runs < 1) {
            throw new CliException("--runs: at least 1, got " + runs, 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> options = List.of("--lock-expiry", lockExpiryMs + "ms", "--watchdog-timeout", watchdogMs + "ms");
        List<Long> times = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path base = Files.createTempDirectory("quorate-bench-ha-");
            try (LocalHaCluster cluster = LocalHaCluster.start(base, 3, 1000, options, fence.equals("ipmi"),
                    HaHost.javaCommandOfThisJvm()); GuestProber prober = new GuestProber(cluster.endpoints("vm:101"))) {
                long ms = measure(cluster, prober);
                times.add(ms);
                out.printf("run %d: %d ms (%d probe rounds, %d violations)%n", run, ms, prober.rounds(), prober.violations().size());
                out.flush();
                if (!prober.violations().isEmpty()) {
                    throw new CliException("vm:101 answered on two nodes at once: " + prober.violations(), 1);
                }
            } finally {
                BenchCommand.deleteTree(base);
            }
        }
        Collections.sort(times);
        out.printf("ha failover (%s fencing, lock expiry %d ms, watchdog %d ms), %d runs: median %d ms, min %d ms, max %d ms%n",
                fence, lockExpiryMs, watchdogMs, runs, times.get(times.size() / 2), times.get(0), times.get(times.size() - 1));
        return 0;
    }

    private long measure(LocalHaCluster cluster, GuestProber prober) throws Exception {
        Path first = cluster.dirs().get(0);
        BenchCommand.await(LIMIT_MS, () -> status(first), "the cluster becoming ready");
        if (fence.equals("ipmi")) {
            NodeApi.forDir(first).putBytes("/api2/json/cluster/fs/file?path=ha/fence.cfg",
                    cluster.fenceConfig().getBytes(StandardCharsets.UTF_8));
        }
        prober.start();
        ProbeMark added = prober.mark("added");
        NodeApi.forDir(first).putBytes("/api2/json/cluster/fs/file?path=ha/resources.cfg", "vm: 101\n".getBytes(StandardCharsets.UTF_8));
        String[] node = new String[1];
        BenchCommand.await(LIMIT_MS, () -> prober.firstAnswerAfter("vm:101", added).map(a -> node[0] = a.node()).isPresent(),
                "vm:101 answering");
        ProbeMark fault = prober.mark("fault");
        if (fence.equals("ipmi")) {
            new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10)).powerOff(cluster.fenceDevices().get(node[0]));
        } else {
            cluster.host(node[0]).signalNode("KILL");
        }
        Optional<ProbeAnswer>[] moved = new Optional[] {Optional.empty()};
        BenchCommand.await(LIMIT_MS, () -> (moved[0] = prober.firstAnswerAfter("vm:101", fault, node[0])).isPresent(),
                "vm:101 answering on another node");
        return (moved[0].get().receivedNanos() - fault.nanos()) / 1_000_000;
    }

    private static boolean status(Path dir) {
        try {
            JsonObject status = NodeApi.forDir(dir).get("/api2/json/cluster/fs/status").getJsonObject("data");
            return status.getBoolean("quorate", false) && status.getBoolean("current", false);
        } catch (RuntimeException e) {
            return false; // not answering yet
        }
    }
}
