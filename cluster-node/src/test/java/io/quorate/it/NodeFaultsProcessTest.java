package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.cli.NodeFaultsClient;
import io.quorate.events.Event;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.NodeEvent;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeEventLog;
import io.quorate.runtime.NodeFaults;
import io.quorate.runtime.NodeFiles;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a live node of a real three-node cluster on loopback, through its API: a
 * delay on its outgoing packets shows in its peers' heartbeat round trips to it and goes away when
 * lifted; a clock offset shows in its event stamps and its time; bad settings and the read-only
 * token are refused with the reason.
 */
class NodeFaultsProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(40);

    @TempDir
    Path base;

    private LocalCluster cluster;
    private Path n1;
    private Path n2;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        cluster.startAll();
        ConfigTreeChecks.awaitReady(LIMIT, cluster.members().stream().map(LocalCluster.Member::dir).toList());
        n1 = cluster.member("n1").dir();
        n2 = cluster.member("n2").dir();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDelayOnOneNodesPacketsRaisesItsPeersRoundTripsToItUntilLifted() throws Exception {
        int before = events(n2).size();
        assertEquals(new NodeFaults(300, 0, 7, 0), NodeFaultsClient.set(n1, new NodeFaults(300, 0, 7, 0)));
        assertEquals(new NodeFaults(300, 0, 7, 0), NodeFaultsClient.get(n1));
        // the first samples after the set may be of echoes sent before it: wait for a run of slow ones
        Await.until(LIMIT, () -> lastRtts(n2, before, 5).size() == 5 && lastRtts(n2, before, 5).stream().allMatch(rtt -> rtt >= 290),
                () -> "n2's round trips to n1: " + lastRtts(n2, before, 20));
        List<Double> delayed = lastRtts(n2, before, 5);
        assertTrue(Cli.quorum(n2).getJsonArray("members").size() == 3, "300 ms is well within the token: nobody left");

        int cleared = events(n2).size();
        assertEquals(NodeFaults.NONE, NodeFaultsClient.clear(n1));
        Await.until(LIMIT, () -> lastRtts(n2, cleared, 5).size() == 5 && lastRtts(n2, cleared, 5).stream().allMatch(rtt -> rtt < 100),
                () -> "n2's round trips to n1: " + lastRtts(n2, cleared, 20));
        System.out.printf("n2's heartbeat round trips to n1: with 300 ms injected %s; lifted %s%n", delayed, lastRtts(n2, cleared, 5));

        List<NodeEvent> recorded = events(n1).stream().map(Event::data).filter(data -> data instanceof NodeEvent.FaultsSet
                || data instanceof NodeEvent.FaultsCleared).map(NodeEvent.class::cast).toList();
        assertEquals(List.of(new NodeEvent.FaultsSet(300, 0, 7, 0), new NodeEvent.FaultsCleared(300, 0, 0)), recorded);
    }

    @Test
    void aClockOffsetShowsInTheNodesTimeAndEventStampsAndIsLiftedAgain() throws Exception {
        long hostBefore = System.currentTimeMillis();
        Cli.Result set = Cli.run("node", "faults", "--dir", n1.toString(), "--clock-offset", "-2s", "--output-format", "json");
        long hostAfter = System.currentTimeMillis();
        assertEquals(0, set.exitCode(), set.err());
        JsonObject data = new JsonObject(set.out());
        assertEquals(-2000, data.getLong("clock_offset_ms"));
        assertEquals(0, data.getLong("delay_ms"));
        assertEquals("n1", data.getString("node"));
        long nodeTime = Instant.parse(data.getString("node_time")).toEpochMilli();
        assertTrue(nodeTime >= hostBefore - 2000 - 50 && nodeTime <= hostAfter - 2000 + 50,
                "node time " + nodeTime + " is the host's minus 2 s (" + hostBefore + ".." + hostAfter + ")");

        Event stamped = events(n1).stream().filter(e -> e.data() instanceof NodeEvent.FaultsSet).findFirst().orElseThrow();
        long stampedAt = stamped.time().toEpochMilli();
        assertTrue(stampedAt >= hostBefore - 2000 - 50 && stampedAt <= hostAfter - 2000 + 50,
                "node.faults_set stamped on the stepped clock: " + stamped.time() + ", host " + Instant.ofEpochMilli(hostBefore));
        assertTrue(Cli.run("node", "faults", "--dir", n1.toString()).out().contains("clock offset: -2000 ms"));
        // a node two seconds behind still keeps its membership and quorum
        assertEquals(3, Cli.quorum(n1).getJsonArray("members").size());

        Cli.Result clear = Cli.run("node", "faults", "--dir", n1.toString(), "--clear");
        assertEquals(0, clear.exitCode(), clear.err());
        assertTrue(clear.out().contains("no faults injected"), clear.out());
        long lifted = Instant.parse(new JsonObject(Cli.run("node", "faults", "--dir", n1.toString(), "--output-format", "json").out())
                .getString("node_time")).toEpochMilli();
        assertTrue(Math.abs(lifted - System.currentTimeMillis()) < 1000, "the node's time is the host's again: " + lifted);
    }

    @Test
    void badSettingsAndTheReadOnlyTokenAreRefusedWithTheReason() throws Exception {
        PinnedHttpsClient admin = client(n1, new NodeFiles(n1).adminToken());
        String path = "/api2/json/nodes/n1/faults";
        assertRefused(admin.put(path, "{\"delay_ms\":-1}"), 400, "\"delay_ms\":\"must be between 0 and 60000 ms, got -1\"");
        assertRefused(admin.put(path, "{\"jitter_ms\":60001}"), 400, "\"jitter_ms\":\"must be between 0 and 60000 ms, got 60001\"");
        assertRefused(admin.put(path, "{\"clock_offset_ms\":-3600001}"), 400, "\"clock_offset_ms\":\"must be between");
        assertRefused(admin.put(path, "{\"delay_ms\":\"soon\"}"), 400, "\"delay_ms\":\"type check ('integer') failed - got 'soon'\"");
        assertRefused(admin.put(path, "{\"latency\":200}"), 400, "\"latency\":\"unknown property");
        assertRefused(admin.put(path, "[200]"), 400, "request body must be a JSON object");
        assertRefused(admin.put("/api2/json/nodes/n2/faults", "{\"delay_ms\":200}"), 400, "set the faults of 'n2' through its own API");

        PinnedHttpsClient readOnly = client(n1, new NodeFiles(n1).readOnlyToken());
        assertEquals(200, readOnly.get(path).status(), "reading the faults is monitoring");
        assertRefused(readOnly.put(path, "{\"delay_ms\":200}"), 403, "read-only");
        assertRefused(readOnly.delete(path), 403, "read-only");
        assertEquals(NodeFaults.NONE, NodeFaultsClient.get(n1), "nothing refused took effect");

        Cli.Result both = Cli.run("node", "faults", "--dir", n1.toString(), "--clear", "--latency", "1s");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--clear lifts every fault"), both.err());
        Cli.Result tooLong = Cli.run("node", "faults", "--dir", n1.toString(), "--latency", "2m");
        assertEquals(1, tooLong.exitCode());
        assertTrue(tooLong.err().contains("delay_ms") && tooLong.err().contains("got 120000"), tooLong.err());
    }

    private static void assertRefused(ApiResponse response, int status, String reason) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains(reason), response.body());
    }

    private static PinnedHttpsClient client(Path dir, Path tokenFile) throws Exception {
        URI api = URI.create("https://" + LocalIdentity.load(dir).api());
        CertificateFingerprint pin = CertificateFingerprint.parse(Files.readString(new NodeFiles(dir).fingerprint()).strip());
        return new PinnedHttpsClient(api, pin, Files.readString(tokenFile).strip(), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static List<Event> events(Path dir) {
        try {
            return NodeEventLog.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code count} round trips to n1 that {@code dir}'s node measured after its first {@code skip} events. */
    private static List<Double> lastRtts(Path dir, int skip, int count) {
        List<Double> rtts = events(dir).stream().skip(skip).map(Event::data)
                .filter(data -> data instanceof HeartbeatEvent.Received received && received.peer().equals("n1")
                        && received.rttMs() >= 0)
                .map(data -> ((HeartbeatEvent.Received) data).rttMs()).collect(Collectors.toList());
        return rtts.subList(Math.max(0, rtts.size() - count), rtts.size());
    }
}
