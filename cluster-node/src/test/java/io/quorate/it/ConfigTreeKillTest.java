package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.HttpsRequestException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of every node while clients write as fast as they can, then a restart of all:
 * every write that was acknowledged is there, at the version it was acknowledged with, on every
 * node, and the nodes converge on one version. Each write goes to its own path, so "there" is exact.
 */
class ConfigTreeKillTest {
    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final int ACKED_BEFORE_KILL = 300;

    @TempDir
    Path base;

    private LocalCluster cluster;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** One acknowledged write. */
    private record Acked(String path, String content, long version, String via) {
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(15_000);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<Path> dirs() {
        return cluster.members().stream().map(LocalCluster.Member::dir).toList();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOfAllNodes() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        ConfigTreeChecks.awaitReady(LIMIT, dirs());

        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicInteger unknown = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean killing = new AtomicBoolean();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        for (String node : List.of("n1", "n2")) {
            TreeApi api = TreeApi.of(cluster.member(node).dir(), Duration.ofSeconds(5));
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String path = "load/" + node + "-" + i;
                    String content = "value " + i + " written through " + node + "\n";
                    try {
                        ApiResponse response = api.write(path, content);
                        if (response.isSuccess()) {
                            acked.add(new Acked(path, content, TreeApi.data(response).getLong("version"), node));
                        } else if (response.status() == 504 || killing.get()) {
                            unknown.incrementAndGet(); // outcome unknown, or cut short by the kill
                        } else {
                            refused.incrementAndGet();
                            refusals.add(response.status() + " " + response.body());
                        }
                    } catch (HttpsRequestException e) {
                        unknown.incrementAndGet(); // no answer: may or may not have committed
                        if (killing.get()) {
                            return; // the node is gone; no point hammering a closed port
                        }
                    }
                }
            }, "writer-" + node);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }

        long loadStarted = System.nanoTime();
        Await.until(LIMIT, () -> acked.size() >= ACKED_BEFORE_KILL,
                () -> acked.size() + " acknowledged, " + refused.get() + " refused " + refusals.peek() + ", " + unknown.get() + " unknown");
        double seconds = (System.nanoTime() - loadStarted) / 1e9;
        int ackedAtKill = acked.size();

        // SIGKILL to all three first, then reap them: no node sees the others leave cleanly
        killing.set(true);
        for (LocalCluster.Member member : cluster.members()) {
            ProcessHandle.of(cluster.process(member.name()).pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (LocalCluster.Member member : cluster.members()) {
            cluster.kill(member.name());
            assertTrue(!cluster.process(member.name()).isAlive(), member.name() + " is dead");
        }
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(15_000);
            assertTrue(!writer.isAlive(), writer.getName() + " stopped");
        }
        List<Acked> all = new ArrayList<>(acked);
        long highestAcked = all.stream().mapToLong(Acked::version).max().orElseThrow();
        System.out.printf("kill -9 of all nodes after %.1f s of load: %d writes acknowledged (%d when the kill began), %d without"
                + " a definite answer, %d refused before the kill; highest acknowledged version %d%n", seconds, all.size(), ackedAtKill, unknown.get(), refused.get(),
                highestAcked);
        assertEquals(0, refused.get(), "no write was refused while the cluster was up: " + refusals);

        long restart = System.nanoTime();
        for (LocalCluster.Member member : cluster.members()) {
            cluster.start(member.name());
        }
        ConfigTreeChecks.awaitReady(LIMIT, dirs());
        long version = ConfigTreeChecks.awaitSameVersion(LIMIT, dirs(), highestAcked);
        System.out.printf("restarted and converged on version %d in %.1f s%n", version, (System.nanoTime() - restart) / 1e9);
        for (LocalCluster.Member member : cluster.members()) {
            repairs(member.dir()).forEach(line -> System.out.println(member.name() + ": " + line));
        }

        Map<String, Acked> byPath = new TreeMap<>();
        all.forEach(write -> byPath.put(write.path(), write));
        assertEquals(all.size(), byPath.size(), "each write had its own path");
        Map<String, Long> firstListing = null;
        for (LocalCluster.Member member : cluster.members()) {
            TreeApi api = TreeApi.of(member.dir());
            Map<String, Long> listed = listing(api);
            for (Acked write : all) {
                Long at = listed.get(write.path().substring("load/".length()));
                assertTrue(at != null, member.name() + " lost acknowledged write " + write + "; it lists " + listed.size() + " files");
                assertEquals(write.version(), at, member.name() + ": " + write.path() + " is at the acknowledged version");
            }
            if (firstListing == null) {
                firstListing = listed;
            } else {
                assertEquals(firstListing, listed, member.name() + " lists load/ as n1 does (acked or not)");
            }
            for (Acked write : all) {
                JsonObject file = TreeApi.data(api.read(write.path()));
                assertEquals(write.content(), file.getString("content"), member.name() + ": " + write.path());
                assertEquals(write.version(), file.getLong("version"), member.name() + ": " + write.path());
            }
        }
        // and the restarted cluster takes writes again
        JsonObject after = TreeApi.data(TreeApi.of(cluster.member("n3").dir()).write("load/after-restart", "ok\n"));
        assertTrue(after.getLong("version") > version, after.encode());
    }

    private static Map<String, Long> listing(TreeApi api) throws HttpsRequestException {
        JsonArray entries = TreeApi.data(api.list("load")).getJsonArray("entries");
        Map<String, Long> versions = new TreeMap<>();
        for (int i = 0; i < entries.size(); i++) {
            versions.put(entries.getJsonObject(i).getString("name"), entries.getJsonObject(i).getLong("version"));
        }
        return versions;
    }

    /** What each node's recovery repaired at start (torn tails), from its log: figures, not checks. */
    private static List<String> repairs(Path dir) throws IOException {
        Path log = dir.resolve("node.log");
        return Optional.of(log).filter(Files::exists).map(file -> {
            try {
                return Files.readAllLines(file).stream().filter(line -> line.contains("config log repaired")).toList();
            } catch (IOException e) {
                return List.<String>of();
            }
        }).orElse(List.of());
    }
}
