package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ha-manager's config commands on a real 3-node cluster: resources and groups land in the config
 * tree, concurrent edits from different nodes lose nothing (each is a read-modify-write under the
 * ha_config cluster lock, written under its epoch), and bad input is refused with the reason.
 */
class HaConfigCommandsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path base;

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentAddsFromEveryNodeAllLandAndBadInputIsRefused() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        List<Path> dirs = List.of(dir("n1"), dir("n2"), dir("n3"));
        ConfigTreeChecks.awaitReady(LIMIT, dirs);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Cli.Result>> adds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path on = dirs.get(i % 3);
                String sid = "vm:" + (101 + i);
                adds.add(pool.submit(() -> CliProcess.run(List.of(), new byte[0], "ha", "add", sid, "--max_restart", "2",
                        "--dir", on.toString())));
            }
            for (Future<Cli.Result> add : adds) {
                Cli.Result result = add.get();
                assertEquals(0, result.exitCode(), result.err());
            }
        } finally {
            pool.shutdownNow();
        }
        Cli.Result config = Cli.run("ha", "config", "--output-format", "json", "--dir", dir("n3").toString());
        assertEquals(0, config.exitCode(), config.err());
        JsonArray resources = new JsonArray(config.out());
        assertEquals(6, resources.size(), config.out());
        java.util.Set<String> sids = new java.util.TreeSet<>();
        for (int i = 0; i < 6; i++) {
            sids.add(resources.getJsonObject(i).getString("sid"));
            assertEquals(2, resources.getJsonObject(i).getInteger("max_restart"));
        }
        assertEquals(java.util.Set.of("vm:101", "vm:102", "vm:103", "vm:104", "vm:105", "vm:106"), sids, "no edit was lost");

        assertEquals(0, Cli.run("ha", "groupadd", "prod", "--nodes", "n1:2,n2", "--restricted", "--dir", dir("n1").toString()).exitCode());
        assertEquals(0, Cli.run("ha", "set", "vm:101", "--group", "prod", "--state", "stopped", "--dir", dir("n2").toString()).exitCode());
        String text = Cli.run("ha", "config", "--dir", dir("n1").toString()).out();
        assertTrue(text.contains("vm: 101\n\tgroup prod\n\tmax_restart 2\n\tstate stopped\n"), text);

        Cli.Result twice = Cli.run("ha", "add", "vm:101", "--dir", dir("n1").toString());
        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("already defined"), twice.err());
        Cli.Result badState = Cli.run("ha", "set", "vm:102", "--state", "bogus", "--dir", dir("n1").toString());
        assertEquals(2, badState.exitCode());
        assertTrue(badState.err().contains("unknown state 'bogus'"), badState.err());
        Cli.Result badSid = Cli.run("ha", "add", "vm:abc", "--dir", dir("n1").toString());
        assertEquals(2, badSid.exitCode());
        assertTrue(badSid.err().contains("invalid resource id 'vm:abc'"), badSid.err());
        Cli.Result locks = Cli.run("lock", "ls", "--output-format", "json", "--dir", dir("n1").toString());
        assertEquals("[ ]", locks.out().strip(), "every edit gave its lock back");
    }

    private Path dir(String node) {
        return cluster.member(node).dir();
    }
}
