package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real node processes on 127.0.0.1, driven and observed through the CLI, as an admin would. */
class ClusterProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final long TOKEN_MS = 1000;

    @TempDir
    Path base;

    private LocalCluster cluster;

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path dir(String node) {
        return cluster.member(node).dir();
    }

    private void awaitQuorum(String node, int nodes, boolean quorate) throws InterruptedException {
        Await.until(LIMIT, () -> {
            JsonObject quorum = Cli.quorum(dir(node));
            return quorum != null && quorum.getInteger("nodes") == nodes && quorum.getBoolean("quorate") == quorate;
        }, () -> node + ": " + Cli.quorum(dir(node)));
    }

    @Test
    void killTwoNodesThenRestartThem() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, TOKEN_MS);
        cluster.startAll();
        for (String node : new String[] {"n1", "n2", "n3"}) {
            awaitQuorum(node, 3, true);
        }
        String text = Cli.run("cm", "status", "--dir", dir("n1").toString()).out();
        assertTrue(text.contains("Nodes:            3\n") && text.contains("Quorate:          Yes\n"), text);
        long ringBefore = io.quorate.cli.CmStatusAccess.ringSequence(Cli.quorum(dir("n1")).getString("ringId"));

        cluster.kill("n3");
        awaitQuorum("n1", 2, true);
        awaitQuorum("n2", 2, true);
        assertEquals(Cli.quorum(dir("n1")).getString("ringId"), Cli.quorum(dir("n2")).getString("ringId"),
                "survivors agree on the ring id");

        cluster.kill("n2");
        awaitQuorum("n1", 1, false);
        String lonely = Cli.run("cm", "status", "--dir", dir("n1").toString()).out();
        assertTrue(lonely.contains("Quorate:          No\n") && lonely.contains("Quorum:           2 Activity blocked\n"), lonely);

        // Proxmox's recovery path for a lone node: lower expected votes by hand (unsafe, on purpose)
        Cli.Result expected = Cli.run("cm", "expected", "1", "--dir", dir("n1").toString());
        assertEquals(0, expected.exitCode(), expected.err());
        awaitQuorum("n1", 1, true);

        cluster.start("n2");
        cluster.start("n3");
        for (String node : new String[] {"n1", "n2", "n3"}) {
            awaitQuorum(node, 3, true);
        }
        assertEquals(3, Cli.quorum(dir("n2")).getInteger("highestExpected"), "the rejoined nodes bring expected 3 back");
        long ringAfter = io.quorate.cli.CmStatusAccess.ringSequence(Cli.quorum(dir("n3")).getString("ringId"));
        assertTrue(ringAfter > ringBefore, "ring id grew: " + ringBefore + " -> " + ringAfter);
    }

    @Test
    void nodeWithWrongAuthkeyIsNeverAdmittedAndDisturbsNobody() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, TOKEN_MS);
        cluster.start("n1");
        cluster.start("n2");
        awaitQuorum("n1", 2, true);
        awaitQuorum("n2", 2, true);
        String ring = Cli.quorum(dir("n1")).getString("ringId");

        byte[] wrongKey = new byte[128];
        new SecureRandom().nextBytes(wrongKey);
        Files.write(dir("n3").resolve("authkey"), wrongKey);
        cluster.start("n3");

        // n1 has seen and dropped n3's packets, and n3 has tried for more than two token periods
        Await.until(LIMIT, () -> eventsOf("n1").contains("\"membership.packet_rejected\"")
                && eventsOf("n1").contains("bad_mac"), () -> "no rejection logged by n1");
        Await.until(LIMIT, () -> count(eventsOf("n3"), "\"heartbeat.sent\"") >= 2 * 8 + 2,
                () -> "n3 sent " + count(eventsOf("n3"), "\"heartbeat.sent\"") + " heartbeats");
        assertEquals(ring, Cli.quorum(dir("n1")).getString("ringId"), "n1's view did not change");
        assertEquals(ring, Cli.quorum(dir("n2")).getString("ringId"), "n2's view did not change");
        JsonObject intruder = Cli.quorum(dir("n3"));
        assertEquals(1, intruder.getInteger("nodes"), "n3 stays alone: " + intruder);
        assertEquals(false, intruder.getBoolean("quorate"));
    }

    @Test
    void cleanStopIsSeenAtOnce() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 3000);
        cluster.startAll();
        awaitQuorum("n1", 3, true);
        awaitQuorum("n3", 3, true);
        long stoppedAt = System.currentTimeMillis();
        cluster.process("n3").stop(Duration.ofSeconds(10));
        awaitQuorum("n1", 2, true);
        long seenAfter = NodeState.of(dir("n1")).viewAgreedAtMillis() - stoppedAt;
        assertTrue(seenAfter < 3000, "a clean leave is seen before the 3000 ms token runs out, took " + seenAfter + " ms");
    }

    @Test
    void delnodeRemovesAStoppedNodeEverywhere() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, TOKEN_MS);
        cluster.startAll();
        awaitQuorum("n1", 3, true);
        Cli.Result refused = Cli.run("cm", "delnode", "n3", "--dir", dir("n1").toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("still a member"), refused.err());

        cluster.process("n3").stop(Duration.ofSeconds(10));
        awaitQuorum("n1", 2, true);
        Cli.Result removed = Cli.run("cm", "delnode", "n3", "--dir", dir("n1").toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(removed.out().contains("config_version is now 4"), removed.out()); // provisioned at 3: create + two adds
        Await.until(LIMIT, () -> {
            JsonObject quorum = Cli.quorum(dir("n2"));
            return quorum != null && quorum.getInteger("expectedVotes") == 2;
        }, () -> "n2: " + Cli.quorum(dir("n2")));
        String n2Conf = Files.readString(dir("n2").resolve("corosync.conf"));
        assertTrue(n2Conf.contains("config_version: 4") && !n2Conf.contains("name: n3"), n2Conf);
        String nodes = Cli.run("cm", "nodes", "--dir", dir("n2").toString()).out();
        assertTrue(nodes.contains(" n1\n") && nodes.contains(" n2 (local)\n") && !nodes.contains("n3"), nodes);
    }

    @Test
    void addWithoutFingerprintRefusesWithoutATerminal() throws Exception {
        Path token = base.resolve("token");
        Files.writeString(token, "root@pam!quorate=00000000-0000-0000-0000-000000000000\n");
        Cli.Result result = Cli.run("cm", "add", "https://127.0.0.1:1", "--token-file", token.toString(), "--node", "n9",
                "--link0", "127.0.0.1:5499", "--api", "127.0.0.1:8099", "--dir", base.resolve("n9").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("no --fingerprint given and no terminal"), result.err());
        assertTrue(Files.notExists(base.resolve("n9").resolve("corosync.conf")), "nothing written");
    }

    private String eventsOf(String node) {
        try {
            Path file = dir(node).resolve("events.jsonl");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(String text, String needle) {
        Objects.requireNonNull(text);
        long count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
