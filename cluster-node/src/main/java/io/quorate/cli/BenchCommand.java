package io.quorate.cli;

import io.quorate.events.Event;
import io.quorate.events.MembershipEvent;
import io.quorate.lab.NetnsLab;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.NodeEventLog;
import io.quorate.runtime.NodeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Failover.class, BenchCommand.Idle.class, BenchConfigCommand.class,
                BenchHaFailover.class, BenchEvents.class, BenchMetrics.class})
final class BenchCommand {

    /** Polls a condition every 20 ms up to a limit; figures come from event timestamps, not from this loop. */
    static void await(long limitMs, Callable<Boolean> condition, String what) throws Exception {
        if (!io.quorate.runtime.Poll.until(java.time.Duration.ofMillis(limitMs), java.time.Duration.ofMillis(20), condition::call)) {
            throw new CliException("bench: " + what + " did not happen within " + limitMs + " ms");
        }
    }

    static boolean sameView(LocalCluster cluster, List<String> nodes, List<Integer> members) throws IOException {
        String ring = null;
        for (String node : nodes) {
            var view = NodeEventLog.latestView(NodeEventLog.read(cluster.member(node).dir()));
            if (view.isEmpty() || !NodeEventLog.members(view.get()).equals(members)) {
                return false;
            }
            String id = NodeEventLog.ringId(view.get());
            if (ring != null && !ring.equals(id)) {
                return false;
            }
            ring = id;
        }
        return true;
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = {"kill -9 a node of a 3-node cluster (loopback, or namespaces with --netns) and measure the time until every survivor",
                    "has installed the agreed new view, from the survivors' own event timestamps."})
    static final class Failover implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--token", defaultValue = "1000", description = "Token timeout in ms (default ${DEFAULT-VALUE}).")
        long tokenMs;

        @Option(names = "--runs", defaultValue = "10", description = "Kills to measure (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--netns", description = "Run each node in its own network namespace on a bridge (needs root), as the Corosync anchor was measured.")
        boolean netns;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path base = Files.createTempDirectory("quorate-bench-");
            List<Long> detections = new ArrayList<>();
            List<String> all = List.of("n1", "n2", "n3");
            NetnsLab lab = netns ? NetnsLab.create(3) : null;
            try (LocalCluster cluster = lab == null ? LocalCluster.onLoopback(base, 3, tokenMs)
                    : LocalCluster.inNamespaces(lab, base, 3, "bench", tokenMs)) {
                for (String node : all) {
                    cluster.start(node, prefix(lab, node));
                }
                await(60_000, () -> sameView(cluster, all, List.of(1, 2, 3)), "the first 3-node view");
                for (int run = 0; run < runs; run++) {
                    String victim = all.get(2 - run % 3);
                    List<String> survivors = all.stream().filter(n -> !n.equals(victim)).toList();
                    List<Integer> survivorIds = survivors.stream().map(n -> Integer.parseInt(n.substring(1))).toList();
                    long killedAt = System.currentTimeMillis();
                    cluster.kill(victim);
                    await(10 * tokenMs, () -> sameView(cluster, survivors, survivorIds), "the survivors' view after killing " + victim);
                    long agreedAt = 0;
                    long lastHeard = 0;
                    for (String survivor : survivors) {
                        List<Event> events = NodeEventLog.read(cluster.member(survivor).dir());
                        agreedAt = Math.max(agreedAt, NodeEventLog.latestView(events).orElseThrow().time().toEpochMilli());
                        lastHeard = Math.max(lastHeard, lastHeartbeatFrom(events, victim));
                    }
                    detections.add(agreedAt - killedAt);
                    out.printf("run %2d: kill -9 %s -> %s agree on a view without it after %d ms"
                                    + " (its last heartbeat arrived %d ms before the kill)%n", run + 1, victim,
                            String.join(",", survivors), agreedAt - killedAt, killedAt - lastHeard);
                    out.flush();
                    cluster.start(victim, prefix(lab, victim));
                    await(60_000, () -> sameView(cluster, all, List.of(1, 2, 3)), victim + " rejoining");
                }
            } finally {
                if (lab != null) {
                    lab.close();
                }
                deleteTree(base);
            }
            Collections.sort(detections);
            long median = detections.get(detections.size() / 2);
            long max = detections.get(detections.size() - 1);
            out.printf("token %d ms, %d runs%s: median %d ms, min %d ms, max %d ms (goal <= token + 10%% = %d ms)%n",
                    tokenMs, runs, lab == null ? " on loopback" : " in network namespaces", median, detections.get(0), max,
                    tokenMs * 11 / 10);
            return 0;
        }

        private static List<String> prefix(NetnsLab lab, String node) {
            return lab == null ? List.of() : lab.commandPrefix(Integer.parseInt(node.substring(1)));
        }
    }

    /** When the survivors last heard the victim: the kill lands somewhere in a heartbeat interval. */
    static long lastHeartbeatFrom(List<Event> events, String peer) {
        long last = 0;
        for (Event event : events) {
            if (event.data() instanceof io.quorate.events.HeartbeatEvent.Received received && received.peer().equals(peer)) {
                last = event.time().toEpochMilli();
            }
        }
        return last;
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = {"Run a 3-node loopback cluster idle and report each node process's RSS and CPU, plus",
                    "any false suspicion (peer_suspected / view changes) during the idle period."})
    static final class Idle implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--token", defaultValue = "3000", description = "Token timeout in ms (default ${DEFAULT-VALUE}).")
        long tokenMs;

        @Option(names = "--warmup", defaultValue = "30s", converter = DurationMillisConverter.class)
        long warmupMs;

        @Option(names = "--duration", defaultValue = "10m", converter = DurationMillisConverter.class)
        long durationMs;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path base = Files.createTempDirectory("quorate-bench-");
            List<String> all = List.of("n1", "n2", "n3");
            try (LocalCluster cluster = LocalCluster.onLoopback(base, 3, tokenMs)) {
                cluster.startAll();
                await(60_000, () -> sameView(cluster, all, List.of(1, 2, 3)), "the first 3-node view");
                Thread.sleep(warmupMs); // the warm-up is a measured period, not synchronisation
                long[] cpuStart = new long[3];
                long[] rssMax = new long[3];
                long[] rssStart = new long[3];
                int[] suspicionsStart = new int[3];
                for (int i = 0; i < 3; i++) {
                    NodeProcess p = cluster.process(all.get(i));
                    cpuStart[i] = ProcStat.cpuTicks(p.pid());
                    rssStart[i] = ProcStat.rssKib(p.pid());
                    rssMax[i] = rssStart[i];
                    suspicionsStart[i] = disturbances(cluster, all.get(i));
                }
                long start = System.nanoTime();
                long end = start + durationMs * 1_000_000;
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    for (int i = 0; i < 3; i++) {
                        rssMax[i] = Math.max(rssMax[i], ProcStat.rssKib(cluster.process(all.get(i)).pid()));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                for (int i = 0; i < 3; i++) {
                    NodeProcess p = cluster.process(all.get(i));
                    double cpuSeconds = (ProcStat.cpuTicks(p.pid()) - cpuStart[i]) / (double) ProcStat.TICKS_PER_SECOND;
                    out.printf("%s: RSS %.1f MiB at start, %.1f MiB at end, %.1f MiB max; CPU %.2f %% of a core; "
                                    + "%d suspicions/view changes while idle%n", all.get(i), rssStart[i] / 1024.0,
                            ProcStat.rssKib(p.pid()) / 1024.0, rssMax[i] / 1024.0, 100 * cpuSeconds / seconds,
                            disturbances(cluster, all.get(i)) - suspicionsStart[i]);
                }
                out.printf("idle period %.0f s after %d s warm-up, token %d ms, JVM flags %s%n", seconds, warmupMs / 1000,
                        tokenMs, String.join(" ", NodeProcess.JVM_FLAGS));
            } finally {
                deleteTree(base);
            }
            return 0;
        }

        private static int disturbances(LocalCluster cluster, String node) throws IOException {
            int count = 0;
            for (Event event : NodeEventLog.read(cluster.member(node).dir())) {
                if (event.data() instanceof MembershipEvent.PeerSuspected || event.data() instanceof MembershipEvent.ViewAgreed) {
                    count++;
                }
            }
            return count;
        }
    }

    static void deleteTree(Path base) throws IOException {
        if (System.getenv("QUORATE_BENCH_KEEP") != null) {
            System.err.println("bench: kept " + base);
            return;
        }
        FileTrees.delete(base);
    }
}
