package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.LocalCluster;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad CLI arguments, a bad corosync.conf and bad API requests each get a clear, one-line error. */
class BadInputTest {
    @TempDir
    Path base;

    private static void assertFails(Cli.Result result, int exitCode, String reason) {
        assertEquals(exitCode, result.exitCode(), result.err());
        String err = result.err().strip();
        assertTrue(err.startsWith("quorate: ") && err.contains(reason), "expected '" + reason + "' in: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
    }

    @Test
    void badCliArgumentsAreRefusedWithOneLine() {
        String dir = base.resolve("n1").toString();
        assertFails(Cli.run("cm", "create", "bad_name!", "--node", "n1", "--link0", "127.0.0.1:5405", "--api",
                "127.0.0.1:8006", "--dir", dir), 2, "invalid cluster name 'bad_name!'");
        assertFails(Cli.run("cm", "create", "c", "--node", "n1", "--link0", "nowhere", "--api", "127.0.0.1:8006",
                "--dir", dir), 2, "invalid --link0 'nowhere'");
        assertFails(Cli.run("cm", "create", "c", "--node", "n1", "--link0", "127.0.0.1:5405", "--api", "127.0.0.1:8006",
                "--token", "soon", "--dir", dir), 2, "--token");
        assertFails(Cli.run("cm", "status", "--bogus"), 2, "Unknown option: '--bogus'");
        assertFails(Cli.run("cm", "status", "--dir", base.resolve("missing").toString()), 1, "local.conf: missing");
        assertFails(Cli.run("sim", "--nodes", "0"), 1, "--nodes must be between 1 and 64");
        assertFails(Cli.run("cm", "expected", "0", "--dir", dir), 2, "expected votes must be at least 1");
    }

    @Test
    void createRefusesADirectoryThatAlreadyHoldsACluster() {
        String dir = base.resolve("n1").toString();
        Cli.Result first = Cli.run("cm", "create", "c", "--node", "n1", "--link0", "127.0.0.1:5405", "--api",
                "127.0.0.1:8006", "--dir", dir);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("fingerprint: "), first.out());
        assertFails(Cli.run("cm", "create", "c", "--node", "n1", "--link0", "127.0.0.1:5405", "--api", "127.0.0.1:8006",
                "--dir", dir), 1, "already belongs to a cluster");
    }

    @Test
    void malformedCorosyncConfStopsTheNodeWithFileAndLine() throws Exception {
        Path dir = base.resolve("n1");
        assertEquals(0, Cli.run("cm", "create", "c", "--node", "n1", "--link0", "127.0.0.1:5405", "--api",
                "127.0.0.1:8006", "--dir", dir.toString()).exitCode());
        Path conf = dir.resolve("corosync.conf");
        String good = Files.readString(conf);
        Files.writeString(conf, good.replaceFirst("nodeid: 1", "nodeid: one"));
        assertFails(Cli.run("node", "run", "--dir", dir.toString()), 1, conf + ":");
        assertTrue(Cli.run("node", "run", "--dir", dir.toString()).err().contains("nodeid"));
        Files.writeString(conf, good.replaceFirst("}", ""));
        assertFails(Cli.run("node", "run", "--dir", dir.toString()), 1, conf.toString());
        assertEquals(good.replaceFirst("}", ""), Files.readString(conf), "the bad file is left as it was");
    }

    @Test
    void badApiRequestsGetClearErrors() throws Exception {
        try (LocalCluster cluster = LocalCluster.onLoopback(base, 1, 1000)) {
            cluster.startAll();
            Path dir = cluster.member("n1").dir();
            Await.until(Duration.ofSeconds(30), () -> Cli.quorum(dir) != null, () -> "node not answering");
            URI api = URI.create("https://" + cluster.member("n1").api());
            CertificateFingerprint pin = CertificateFingerprint.ofPemFile(dir.resolve("node.pem"));
            Duration timeout = Duration.ofSeconds(5);
            PinnedHttpsClient admin = new PinnedHttpsClient(api, pin, Files.readString(dir.resolve("api-token")).strip(), timeout, timeout);
            PinnedHttpsClient readOnly = new PinnedHttpsClient(api, pin, Files.readString(dir.resolve("api-token-ro")).strip(), timeout, timeout);
            PinnedHttpsClient anonymous = new PinnedHttpsClient(api, pin, null, timeout, timeout);
            PinnedHttpsClient forged = new PinnedHttpsClient(api, pin, "root@pam!quorate=00000000-0000-0000-0000-000000000000", timeout, timeout);

            assertError(anonymous.get("/api2/json/cluster/status"), 401, "authentication failure");
            assertError(forged.get("/api2/json/cluster/status"), 401, "authentication failure");
            assertEquals(200, readOnly.get("/api2/json/cluster/status").status());
            assertError(readOnly.put("/api2/json/cluster/quorum/expected", "{\"expected\":1}"), 403, "read-only");
            assertError(admin.put("/api2/json/cluster/quorum/expected", "{not json"), 400, "not valid JSON");
            assertError(admin.put("/api2/json/cluster/quorum/expected", "[1]"), 400, "must be a JSON object");
            ApiResponse typed = admin.put("/api2/json/cluster/quorum/expected", "{\"expected\":\"many\"}");
            assertError(typed, 400, "parameter verification failed");
            assertTrue(new JsonObject(typed.body()).getJsonObject("errors").getString("expected").contains("integer"), typed.body());
            assertError(admin.put("/api2/json/cluster/quorum/expected", "{}"), 400, "parameter verification failed");
            assertError(admin.post("/api2/json/cluster/config/nodes/bad_name!", "{\"link0\":\"127.0.0.1:1\"}"), 400, "invalid node name");
            assertError(admin.post("/api2/json/cluster/config/nodes/n9", "{}"), 400, "parameter verification failed");
            assertError(admin.post("/api2/json/cluster/config/nodes/n9", "{\"link0\":\"not an address\"}"), 400, "");
            assertError(admin.post("/api2/json/cluster/config/nodes/n1", "{\"link0\":\"127.0.0.1:7000\"}"), 400, "n1");
            assertError(admin.put("/api2/json/cluster/quorum/expected", "{\"expected\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}"),
                    413, "larger than");
            assertError(admin.get("/api2/json/no/such/path"), 404, "no such API path");
            assertError(admin.delete("/api2/json/cluster/config/nodes/n1"), 400, "local node");
            assertEquals(1, Cli.quorum(dir).getInteger("nodes"), "the node is still up and unchanged");
        }
    }

    private static void assertError(ApiResponse response, int status, String message) {
        assertEquals(status, response.status(), response.body());
        String text = new JsonObject(response.body()).getString("message", "");
        assertTrue(text.contains(message), "expected '" + message + "' in: " + response.body());
    }
}
