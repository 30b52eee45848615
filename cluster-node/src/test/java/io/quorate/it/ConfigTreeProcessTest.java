package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.quorate.tls.ApiResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config tree across three real node processes on 127.0.0.1, driven through the CLI as an
 * admin would (writes as their own process, fed on stdin): reads on other nodes, listings, a watch
 * that sees every node's writes in version order, and cluster locks fencing writes by epoch.
 * The tests share one cluster and use disjoint paths and lock names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigTreeProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final List<String> HERE = List.of();

    @TempDir
    static Path base;

    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        ConfigTreeChecks.awaitReady(LIMIT, cluster.members().stream().map(LocalCluster.Member::dir).toList());
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path dir(String node) {
        return cluster.member(node).dir();
    }

    private static Cli.Result cli(String... args) {
        return Cli.run(args);
    }

    private JsonObject catJson(String node, String path, boolean consistent) {
        Cli.Result result = consistent
                ? cli("fs", "cat", path, "--consistent", "--dir", dir(node).toString(), "--output-format", "json")
                : cli("fs", "cat", path, "--dir", dir(node).toString(), "--output-format", "json");
        return result.exitCode() == 0 ? new JsonObject(result.out()) : null;
    }

    @Test
    void writeOnOneNodeIsReadOnAnotherPlainAndConsistent() throws Exception {
        String content = "keyboard: en-us\nconsole: html5\n";
        long version = CliProcess.writeOk(HERE, dir("n1"), "rw/datacenter.cfg", content);

        // linearizable: once the write was answered, a consistent read anywhere sees it at once
        JsonObject consistent = catJson("n3", "rw/datacenter.cfg", true);
        assertTrue(consistent != null, "consistent cat on n3 failed: "
                + cli("fs", "cat", "rw/datacenter.cfg", "--consistent", "--dir", dir("n3").toString()).err());
        assertEquals(content, consistent.getString("content"));
        assertEquals(version, consistent.getLong("version"), "the file's version is the write's: " + consistent);
        assertTrue(consistent.getLong("tree_version") >= version, consistent.encode());
        assertEquals(true, consistent.getBoolean("consistent"));

        // a plain read is n3's own committed tree: it gets there (it may lag the answer by a moment)
        Await.until(LIMIT, () -> {
            JsonObject plain = catJson("n3", "rw/datacenter.cfg", false);
            return plain != null && content.equals(plain.getString("content"));
        }, () -> "n3 plain cat: " + catJson("n3", "rw/datacenter.cfg", false));
        JsonObject plain = catJson("n3", "rw/datacenter.cfg", false);
        assertEquals(version, plain.getLong("version"), plain.encode());
        assertEquals(false, plain.getBoolean("consistent"));
        Cli.Result text = cli("fs", "cat", "rw/datacenter.cfg", "--dir", dir("n3").toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(content, text.out(), "text output is the file, byte for byte");

        // ls on the third node shows it with its size and version
        Cli.Result ls = cli("fs", "ls", "rw", "--dir", dir("n2").toString(), "--output-format", "json");
        assertEquals(0, ls.exitCode(), ls.err());
        JsonArray entries = new JsonObject(ls.out()).getJsonArray("entries");
        JsonObject entry = find(entries, "datacenter.cfg");
        assertTrue(entry != null, "datacenter.cfg listed: " + ls.out());
        assertEquals("file", entry.getString("type"));
        assertEquals(content.length(), entry.getInteger("size"));
        assertEquals(version, entry.getLong("version"));
        Cli.Result root = cli("fs", "ls", "--dir", dir("n2").toString());
        assertTrue(root.out().contains(" rw/\n") && root.out().contains("corosync.conf"), root.out());

        // an overwrite from another node gets a higher version everywhere
        long second = CliProcess.writeOk(HERE, dir("n2"), "rw/datacenter.cfg", "keyboard: de\n");
        assertTrue(second > version, second + " > " + version);
        JsonObject after = catJson("n1", "rw/datacenter.cfg", true);
        assertEquals("keyboard: de\n", after.getString("content"));
        assertEquals(second, after.getLong("version"));
        System.out.printf("config tree: written at v%d on n1, read on n3; overwritten at v%d on n2%n", version, second);
    }

    @Test
    void watchOnOneNodeSeesWritesOfEveryNodeInVersionOrder() throws Exception {
        try (CliProcess.Running watch = CliProcess.start(HERE, "fs", "watch", "ha/", "--dir", dir("n2").toString(),
                "--output-format", "json")) {
            Await.until(LIMIT, () -> !watch.lines().isEmpty() || !watch.isAlive(), () -> "watch printed nothing: " + watch.stderr());
            JsonObject first = new JsonObject(watch.lines().get(0));
            assertEquals("ha/", first.getString("watching"), first.encode());

            List<String> paths = List.of("ha/w1", "ha/w2", "ha/w3", "ha/w4");
            List<String> nodes = List.of("n1", "n3", "n1", "n3");
            List<Long> acked = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                acked.add(CliProcess.writeOk(HERE, dir(nodes.get(i)), paths.get(i), "change " + i + "\n"));
                if (i == 1) {
                    CliProcess.writeOk(HERE, dir("n1"), "other/not-watched", "x"); // outside the prefix
                }
            }
            assertTrue(first.getLong("after_version") < acked.get(0), "the watch started before the first write: " + first);

            Await.until(LIMIT, () -> watch.lines().size() >= 1 + paths.size(), () -> "watch lines: " + watch.lines()
                    + "; stderr: " + watch.stderr());
            List<JsonObject> changes = watch.lines().subList(1, watch.lines().size()).stream().map(JsonObject::new).toList();
            assertEquals(paths.size(), changes.size(), "exactly the writes below ha/ (not other/not-watched): " + changes);
            for (int i = 0; i < paths.size(); i++) {
                JsonObject change = changes.get(i);
                assertEquals(paths.get(i), change.getString("path"), change.encode());
                assertEquals(acked.get(i), change.getLong("version"), "version order, each the acknowledged one: " + changes);
                assertEquals("write", change.getString("operation"), change.encode());
                assertEquals(nodes.get(i), change.getString("origin"), change.encode());
            }
            assertTrue(watch.isAlive(), "the watch keeps running until stopped");
        }
    }

    /** {@code fs watch ha} promises changes "at or below" ha: ha/x is, hamster.cfg is not. */
    @Test
    void watchWithoutTrailingSlashStaysInsideTheDirectory() throws Exception {
        try (CliProcess.Running watch = CliProcess.start(HERE, "fs", "watch", "wp", "--dir", dir("n2").toString(),
                "--output-format", "json")) {
            Await.until(LIMIT, () -> !watch.lines().isEmpty() || !watch.isAlive(), () -> "watch printed nothing: " + watch.stderr());
            CliProcess.writeOk(HERE, dir("n1"), "wpx.cfg", "beside the directory\n");
            long inside = CliProcess.writeOk(HERE, dir("n1"), "wp/inside.cfg", "in the directory\n");
            Await.until(LIMIT, () -> watch.lines().stream().anyMatch(line -> line.contains("\"version\":" + inside)),
                    () -> "watch lines: " + watch.lines());
            List<String> paths = watch.lines().stream().skip(1).map(line -> new JsonObject(line).getString("path")).toList();
            assertEquals(List.of("wp/inside.cfg"), paths);
        }
    }

    @Test
    void lockFencesWritesByHolderAndEpoch() throws Exception {
        String lock = "ha_manager_lock";
        Cli.Result acquired = cli("lock", "acquire", lock, "--dir", dir("n1").toString(), "--output-format", "json");
        assertEquals(0, acquired.exitCode(), acquired.err());
        long epoch = new JsonObject(acquired.out()).getLong("epoch");
        assertEquals("priv/lock/" + lock, new JsonObject(acquired.out()).getString("path"));

        // every node shows n1 as the holder with that epoch
        Await.until(LIMIT, () -> {
            JsonObject held = lockOn("n3", lock);
            return held != null && "n1".equals(held.getString("holder")) && held.getLong("epoch") == epoch;
        }, () -> "n3 lock ls: " + cli("lock", "ls", "--dir", dir("n3").toString(), "--output-format", "json").out());
        assertEquals(false, lockOn("n3", lock).getBoolean("held_here"));
        Await.until(LIMIT, () -> lockOn("n1", lock) != null && lockOn("n1", lock).getBoolean("held_here"),
                () -> "n1 lock ls: " + lockOn("n1", lock));

        // a second node cannot take it while it is held
        Cli.Result refused = cli("lock", "acquire", lock, "--dir", dir("n2").toString());
        assertNotEquals(0, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("is held by node 1"), refused.err());

        // the holder writes under the lock with its epoch
        long guarded = CliProcess.writeOk(HERE, dir("n1"), "ha/manager_status", "master n1\n", "--lock", lock, "--epoch",
                Long.toString(epoch));
        assertTrue(guarded > epoch, guarded + " > " + epoch);

        // a new acquisition by the holder makes the old epoch stale
        Cli.Result again = cli("lock", "acquire", lock, "--dir", dir("n1").toString(), "--output-format", "json");
        assertEquals(0, again.exitCode(), again.err());
        long newEpoch = new JsonObject(again.out()).getLong("epoch");
        assertTrue(newEpoch > epoch, newEpoch + " > " + epoch);
        Cli.Result stale = CliProcess.write(HERE, dir("n1"), "ha/manager_status", "stale\n", "--lock", lock, "--epoch",
                Long.toString(epoch));
        assertNotEquals(0, stale.exitCode(), stale.out());
        assertTrue(stale.err().contains("epoch " + epoch + " of lock '" + lock + "' is stale"), stale.err());
        ApiResponse staleApi = TreeApi.of(dir("n1")).writeUnderLock("ha/manager_status", "stale\n", lock, epoch);
        assertEquals(409, staleApi.status(), staleApi.body());
        assertEquals("stale_epoch", TreeApi.reason(staleApi), staleApi.body());

        // a node that does not hold the lock cannot write under it, even with the current epoch
        Cli.Result notHolder = CliProcess.write(HERE, dir("n2"), "ha/manager_status", "master n2\n", "--lock", lock, "--epoch",
                Long.toString(newEpoch));
        assertNotEquals(0, notHolder.exitCode(), notHolder.out());
        assertTrue(notHolder.err().contains("not by node 2"), notHolder.err());
        ApiResponse notHolderApi = TreeApi.of(dir("n2")).writeUnderLock("ha/manager_status", "master n2\n", lock, newEpoch);
        assertEquals(409, notHolderApi.status(), notHolderApi.body());
        assertEquals("not_holder", TreeApi.reason(notHolderApi), notHolderApi.body());
        JsonObject content = catJson("n2", "ha/manager_status", true);
        assertEquals("master n1\n", content.getString("content"), "only the holder's write landed: " + content);
        assertEquals(guarded, content.getLong("version"));

        // n2 cannot release it either; after the holder releases, n2 can take it, with a higher epoch
        Cli.Result foreignRelease = cli("lock", "release", lock, "--epoch", Long.toString(newEpoch), "--dir", dir("n2").toString());
        assertNotEquals(0, foreignRelease.exitCode());
        Cli.Result released = cli("lock", "release", lock, "--epoch", Long.toString(newEpoch), "--dir", dir("n1").toString());
        assertEquals(0, released.exitCode(), released.err());
        Cli.Result taken = cli("lock", "acquire", lock, "--dir", dir("n2").toString(), "--output-format", "json");
        assertEquals(0, taken.exitCode(), taken.err());
        long n2Epoch = new JsonObject(taken.out()).getLong("epoch");
        assertTrue(n2Epoch > newEpoch, n2Epoch + " > " + newEpoch);
        Await.until(LIMIT, () -> {
            JsonObject held = lockOn("n1", lock);
            return held != null && "n2".equals(held.getString("holder")) && held.getLong("epoch") == n2Epoch
                    && !held.getBoolean("held_here");
        }, () -> "n1 lock ls: " + lockOn("n1", lock));
        // and the former holder's epoch no longer opens it
        Cli.Result formerHolder = CliProcess.write(HERE, dir("n1"), "ha/manager_status", "late n1\n", "--lock", lock, "--epoch",
                Long.toString(newEpoch));
        assertNotEquals(0, formerHolder.exitCode(), formerHolder.out());
        CliProcess.writeOk(HERE, dir("n2"), "ha/manager_status", "master n2\n", "--lock", lock, "--epoch", Long.toString(n2Epoch));
    }

    private JsonObject lockOn(String node, String lock) {
        Cli.Result result = cli("lock", "ls", "--dir", dir(node).toString(), "--output-format", "json");
        if (result.exitCode() != 0) {
            return null;
        }
        JsonArray locks = new JsonArray(result.out());
        for (int i = 0; i < locks.size(); i++) {
            if (lock.equals(locks.getJsonObject(i).getString("name"))) {
                return locks.getJsonObject(i);
            }
        }
        return null;
    }

    private static JsonObject find(JsonArray entries, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (Objects.equals(name, entries.getJsonObject(i).getString("name"))) {
                return entries.getJsonObject(i);
            }
        }
        return null;
    }
}
