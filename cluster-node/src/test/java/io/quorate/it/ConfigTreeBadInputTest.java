package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.quorate.tls.ApiResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the config tree of real node processes: an oversized file, invalid paths, a lock's
 * own file written by a node that does not hold it, and damaged or missing state on disk at start.
 * Each is refused with a message that names the problem, and changes nothing. The tests share one
 * cluster; those that stop n3 start it again on its intact state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigTreeBadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final List<String> HERE = List.of();
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path base;

    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        ConfigTreeChecks.awaitReady(LIMIT, dirs());
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<Path> dirs() {
        return cluster.members().stream().map(LocalCluster.Member::dir).toList();
    }

    private Path dir(String node) {
        return cluster.member(node).dir();
    }

    private static void assertRefused(Cli.Result result, String reason) {
        assertNotEquals(0, result.exitCode(), "refused: " + result.out());
        String err = result.err().strip();
        assertTrue(err.startsWith("quorate: ") && err.contains(reason), "expected '" + reason + "' in: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
    }

    private static void assertApiRefused(ApiResponse response, int status, String reason, String message) {
        assertEquals(status, response.status(), response.body());
        assertEquals(reason, TreeApi.reason(response), response.body());
        assertTrue(TreeApi.message(response).contains(message), "expected '" + message + "' in: " + response.body());
    }

    /** Every node at one version; returns it. */
    private long settled() throws InterruptedException {
        return ConfigTreeChecks.awaitSameVersion(LIMIT, dirs(), 0);
    }

    @Test
    void oversizedFileIsRefusedNamingTheLimitAndChangesNothing() throws Exception {
        long small = CliProcess.writeOk(HERE, dir("n1"), "big/datacenter.cfg", "small\n");
        long before = settled();

        byte[] tooLarge = new byte[MIB + 1];
        Arrays.fill(tooLarge, (byte) 'a');
        assertRefused(CliProcess.run(HERE, tooLarge, "fs", "write", "big/datacenter.cfg", "--dir", dir("n2").toString()),
                "a file may have at most 1048576 (1 MiB)");
        Cli.Result newFile = CliProcess.run(HERE, tooLarge, "fs", "write", "big/new.cfg", "--dir", dir("n1").toString());
        assertRefused(newFile, "big/new.cfg is 1048577 bytes");
        assertApiRefused(TreeApi.of(dir("n3")).writeRaw("big%2Fnew.cfg", tooLarge), 413, "too_large", "1 MiB");

        assertEquals(before, settled(), "no version was used by a refused write");
        for (Path dir : dirs()) {
            JsonObject file = TreeApi.data(TreeApi.of(dir).read("big/datacenter.cfg"));
            assertEquals("small\n", file.getString("content"), dir.getFileName() + " keeps the old content");
            assertEquals(small, file.getLong("version"));
            assertEquals(404, TreeApi.of(dir).read("big/new.cfg").status(), dir.getFileName() + " has no big/new.cfg");
        }
        // the limit itself is allowed
        byte[] exactly = Arrays.copyOf(tooLarge, MIB);
        long written = CliProcess.writeOk(HERE, dir("n2"), "big/datacenter.cfg", new String(exactly, StandardCharsets.UTF_8));
        assertEquals(MIB, TreeApi.data(TreeApi.of(dir("n1")).read("big/datacenter.cfg")).getInteger("size"));
        assertTrue(written > before);
    }

    @Test
    void invalidPathsAreRefusedNamingTheProblem() throws Exception {
        long before = settled();
        String n1 = dir("n1").toString();
        assertRefused(CliProcess.run(HERE, "x".getBytes(StandardCharsets.UTF_8), "fs", "write", "ha/../etc/x", "--dir", n1),
                "path 'ha/../etc/x' contains a '..' segment");
        assertRefused(CliProcess.run(HERE, "x".getBytes(StandardCharsets.UTF_8), "fs", "write", "/etc/x", "--dir", n1),
                "path '/etc/x' is absolute");
        assertRefused(CliProcess.run(HERE, "x".getBytes(StandardCharsets.UTF_8), "fs", "write", "", "--dir", n1),
                "path is empty");
        assertRefused(CliProcess.run(HERE, "x".getBytes(StandardCharsets.UTF_8), "fs", "write", "ha//x", "--dir", n1),
                "empty segment");
        assertRefused(Cli.run("fs", "cat", "../corosync.conf", "--dir", n1), "contains a '..' segment");
        assertRefused(Cli.run("fs", "rm", "/etc/x", "--dir", n1), "is absolute");
        assertRefused(Cli.run("fs", "ls", "..", "--dir", n1), "contains a '..' segment");

        TreeApi api = TreeApi.of(dir("n2"));
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        assertApiRefused(api.writeRaw("ha%2Fa%00b", x), 400, "invalid_path", "control character (0x0)");
        assertApiRefused(api.writeRaw("ha%2F..%2F..%2Fx", x), 400, "invalid_path", "'..' segment");
        assertApiRefused(api.writeRaw("%2Fetc%2Fx", x), 400, "invalid_path", "absolute");
        assertApiRefused(api.writeRaw("", x), 400, "invalid_path", "path is empty");
        assertApiRefused(api.writeRaw("ha%5Cx", x), 400, "invalid_path", "backslash");

        assertEquals(before, settled(), "nothing was written");
        assertEquals(404, api.read("etc/x").status());
    }

    @Test
    void lockFileIsWritableOnlyByItsHolderUnderItsEpoch() throws Exception {
        String lock = "bad_input_lock";
        String lockFile = "priv/lock/" + lock;
        Cli.Result acquired = Cli.run("lock", "acquire", lock, "--dir", dir("n1").toString(), "--output-format", "json");
        assertEquals(0, acquired.exitCode(), acquired.err());
        long epoch = new JsonObject(acquired.out()).getLong("epoch");
        settled();
        JsonObject original = TreeApi.data(TreeApi.of(dir("n2")).read(lockFile));
        long before = settled();

        Cli.Result plain = CliProcess.write(HERE, dir("n2"), lockFile, "holder n2\n");
        assertRefused(plain, lockFile + " is cluster lock '" + lock + "', held by node 1");
        Cli.Result guarded = CliProcess.write(HERE, dir("n2"), lockFile, "holder n2\n", "--lock", lock, "--epoch",
                Long.toString(epoch));
        assertRefused(guarded, "not by node 2");
        assertApiRefused(TreeApi.of(dir("n2")).writeUnderLock(lockFile, "holder n2\n", lock, epoch), 409, "not_holder", "node 2");
        Cli.Result removed = Cli.run("fs", "rm", lockFile, "--dir", dir("n2").toString());
        assertNotEquals(0, removed.exitCode(), "a non-holder cannot remove the lock file: " + removed.out());
        // even the holder may not write it without the lock's epoch
        Cli.Result holderUnguarded = CliProcess.write(HERE, dir("n1"), lockFile, "holder n1 again\n");
        assertRefused(holderUnguarded, "only its holder may write it, under the lock's epoch");

        settled();
        for (Path dir : dirs()) {
            JsonObject now = TreeApi.data(TreeApi.of(dir).read(lockFile));
            assertEquals(original.getString("content"), now.getString("content"), dir.getFileName() + ": lock file unchanged");
            assertEquals(original.getLong("version"), now.getLong("version"));
        }
        JsonObject holder = lockOn("n3", lock);
        assertEquals("n1", holder.getString("holder"), holder.encode());
        assertEquals(epoch, holder.getLong("epoch"));
        System.out.printf("lock file writes by a non-holder refused; tree version %d -> %d (refusals judged in the log take a"
                + " version)%n", before, settled());
        Cli.Result released = Cli.run("lock", "release", lock, "--epoch", Long.toString(epoch), "--dir", dir("n1").toString());
        assertEquals(0, released.exitCode(), released.err());
    }

    /**
     * pmxcfs exposes a file system: one path is a file or a directory, never both. The tree keeps a
     * flat map of paths, so both are accepted, and {@code fs ls} then shows only the directory: the
     * file is still there ({@code fs cat} reads it) but no listing shows it. Through the same hole a
     * node that does not hold a lock writes {@code priv/lock/<name>/x}, and the lock's own file
     * vanishes from {@code fs ls priv/lock}.
     */
    @Test
    void aPathIsNeverAFileAndADirectoryAtOnce() throws Exception {
        String n1 = dir("n1").toString();
        CliProcess.writeOk(HERE, dir("n1"), "both/file.cfg", "a file\n");
        Cli.Result below = CliProcess.write(HERE, dir("n2"), "both/file.cfg/child", "below a file\n");
        assertNotEquals(0, below.exitCode(), "a file cannot have children: " + below.out());
        CliProcess.writeOk(HERE, dir("n1"), "both/dir/child.cfg", "in a directory\n");
        Cli.Result over = CliProcess.write(HERE, dir("n2"), "both/dir", "a file where a directory is\n");
        assertNotEquals(0, over.exitCode(), "a directory cannot become a file: " + over.out());
        // whatever is readable is listed
        String listing = Cli.run("fs", "ls", "both", "--dir", n1).out();
        assertTrue(listing.contains(" file.cfg\n") && listing.contains(" dir/\n"), listing);

        String lock = "shadowed_lock";
        Cli.Result acquired = Cli.run("lock", "acquire", lock, "--dir", n1, "--output-format", "json");
        assertEquals(0, acquired.exitCode(), acquired.err());
        Cli.Result shadow = CliProcess.write(HERE, dir("n2"), "priv/lock/" + lock + "/x", "n2 was here\n");
        assertNotEquals(0, shadow.exitCode(), "a non-holder writes below a lock's file: " + shadow.out());
        String locks = Cli.run("fs", "ls", "priv/lock", "--dir", n1).out();
        assertTrue(locks.contains(" " + lock + "\n"), "the lock's file is listed as a file: " + locks);
        Cli.Result released = Cli.run("lock", "release", lock, "--epoch",
                Long.toString(new JsonObject(acquired.out()).getLong("epoch")), "--dir", n1);
        assertEquals(0, released.exitCode(), released.err());
    }

    @Test
    void damagedWalInTheMiddleStopsTheNodeNamingTheFile() throws Exception {
        // a marker inside one record, with valid records after it
        String marker = "DAMAGE-ME-" + "m".repeat(200);
        CliProcess.writeOk(HERE, dir("n1"), "wal/marked.cfg", marker + "\n");
        for (int i = 0; i < 5; i++) {
            CliProcess.writeOk(HERE, dir("n2"), "wal/after-" + i + ".cfg", "record after the damage " + i + "\n".repeat(100));
        }
        long version = settled();
        Path configdb = dir("n3").resolve("configdb");
        Path backup = base.resolve("n3-configdb-backup");
        cluster.process("n3").stop(Duration.ofSeconds(10));
        copyTree(configdb, backup);
        try {
            Path segment;
            try (Stream<Path> files = Files.list(configdb)) {
                segment = files.filter(f -> f.getFileName().toString().matches("wal-\\d+\\.log")).sorted().findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(segment);
            int at = indexOf(bytes, marker.getBytes(StandardCharsets.US_ASCII));
            assertTrue(at > 0 && at < bytes.length - 1000, "marker found in the middle of " + segment + " (" + bytes.length
                    + " bytes): at " + at);
            for (int i = 0; i < 16; i++) {
                bytes[at + 4 + i] = (byte) 0xff;
            }
            Files.write(segment, bytes);

            Cli.Result run = CliProcess.run(HERE, null, LIMIT, "node", "run", "--dir", dir("n3").toString());
            assertRefused(run, segment.toString());
            assertTrue(run.err().contains("at byte ") && run.err().contains("valid record follows"), run.err());
            System.out.print("damaged wal: " + run.err());
            assertArrayEquals(bytes, Files.readAllBytes(segment), "the damaged file is left as it was for the administrator");
        } finally {
            restore(configdb, backup);
        }
        cluster.start("n3");
        assertTrue(ConfigTreeChecks.awaitSameVersion(LIMIT, dirs(), version) >= version, "n3 runs again on its intact state");
    }

    @Test
    void missingOrEmptyStateStopsTheNodeInsteadOfStartingEmpty() throws Exception {
        long version = settled();
        Path configdb = dir("n3").resolve("configdb");
        Path backup = base.resolve("n3-configdb-missing");
        cluster.process("n3").stop(Duration.ofSeconds(10));
        copyTree(configdb, backup);
        try {
            deleteTree(configdb);
            Cli.Result missing = CliProcess.run(HERE, null, LIMIT, "node", "run", "--dir", dir("n3").toString());
            assertRefused(missing, configdb + ": the log directory does not exist: the replicated state is missing");
            assertTrue(Files.notExists(configdb), "no empty state was created");

            Files.createDirectory(configdb);
            Cli.Result empty = CliProcess.run(HERE, null, LIMIT, "node", "run", "--dir", dir("n3").toString());
            assertRefused(empty, "holds no wal segment and no snapshot: the replicated state is missing");
            try (Stream<Path> files = Files.list(configdb)) {
                assertEquals(List.of(), files.toList(), "nothing was written into the empty directory");
            }
        } finally {
            restore(configdb, backup);
        }
        cluster.start("n3");
        ConfigTreeChecks.awaitSameVersion(LIMIT, dirs(), version);
    }

    private JsonObject lockOn(String node, String lock) {
        Cli.Result result = Cli.run("lock", "ls", "--dir", dir(node).toString(), "--output-format", "json");
        JsonArray locks = new JsonArray(result.out());
        for (int i = 0; i < locks.size(); i++) {
            if (lock.equals(locks.getJsonObject(i).getString("name"))) {
                return locks.getJsonObject(i);
            }
        }
        throw new AssertionError("no lock " + lock + " on " + node + ": " + result.out());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.notExists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void restore(Path configdb, Path backup) throws IOException {
        deleteTree(configdb);
        copyTree(backup, configdb);
        deleteTree(backup);
    }
}
