package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.fold.StateSummary;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replay of a recorded HA incident with real parts: three hosts (supervisor + node) stream to the
 * embedded broker, vm:101 runs on one of them, that host is powered off over IPMI and vm:101 fails
 * over. Replaying the topic at an instant before the fault and one after the recovery gives the
 * CRM master and vm:101's state and node exactly as the nodes' HA API reported them then, and the
 * real stream passes every invariant check (the power-off counts as the guest's stop).
 */
class HaReplayProcessTest extends HaClusterTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String SID = "vm:101";




    @Test
    void replayReconstructsTheHaStateTheNodesReportedBeforeTheFaultAndAfterTheFailover() throws Exception {
        ToolRequirement.requireIpmi();
        String topic = KafkaTestBroker.newTopic("ha-replay", 3);
        List<String> options = new ArrayList<>(HaFailoverProcessTest.SHORT_TIMINGS);
        options.addAll(List.of("--fence-delay", "60s", "--kafka", KafkaTestBroker.get().bootstrapServers(), "--kafka-topic", topic));
        Instant start = Instant.now();
        cluster = LocalHaCluster.start(base, 3, 1000, options, true, HaHost.javaCommandOfThisJvm());
        ConfigTreeChecks.awaitReady(LIMIT, cluster.dirs());
        Cli.Result fence = CliProcess.run(List.of(), cluster.fenceConfig().getBytes(StandardCharsets.UTF_8), "fs", "write",
                "ha/fence.cfg", "--dir", cluster.dirs().get(0).toString());
        assertEquals(0, fence.exitCode(), fence.err());
        prober = new GuestProber(cluster.endpoints(SID));
        prober.start();
        ProbeMark added = prober.mark("added");
        assertEquals(0, Cli.run("ha", "add", SID, "--dir", cluster.dirs().get(0).toString()).exitCode());
        String first = GuestAnswers.await(prober, SID, added, Optional.empty(), LIMIT);
        String survivor = cluster.hosts().keySet().stream().filter(n -> !n.equals(first)).findFirst().orElseThrow();
        Path survivorDir = cluster.host(survivor).dir();

        JsonArray before = awaitHaStatus(survivorDir, first);
        Instant beforeAt = Instant.now();

        ProbeMark cut = prober.mark("IPMI power off " + first);
        assertTrue(new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10)).powerOff(cluster.fenceDevices().get(first)).poweredOff());
        String second = GuestAnswers.await(prober, SID, cut, Optional.of(first), LIMIT);
        JsonArray after = awaitHaStatus(survivorDir, second);
        Instant afterAt = Instant.now();
        assertEquals(List.of(), prober.violations(), prober.report().toString());

        ReplayWindow window = new ReplayWindow(start.minusSeconds(1), afterAt, null);
        List<Event> read = new ArrayList<>();
        Await.until(LIMIT, () -> {
            read.clear();
            read.addAll(ReplayTopics.read(topic, window));
            return replayAt(read, window, afterAt).services().containsKey(SID)
                    && second.equals(replayAt(read, window, afterAt).services().get(SID).node());
        }, () -> "the failover of " + SID + " to " + second + " is in the topic");

        ReplayReport report = Replay.run(read, window, null);
        assertTrue(report.passed(), report.violations()::toString);
        assertSameHaState(before, replayAt(read, window, beforeAt));
        assertSameHaState(after, replayAt(read, window, afterAt));
    }

    private static StateSummary replayAt(List<Event> events, ReplayWindow window, Instant at) {
        return Replay.run(events, new ReplayWindow(window.from(), window.to(), at), null).stateAt();
    }

    /** Waits until the node's HA API says vm:101 is started on {@code node} and the master is active; returns that answer. */
    private static JsonArray awaitHaStatus(Path dir, String node) throws InterruptedException {
        JsonArray[] status = new JsonArray[1];
        Await.until(LIMIT, () -> {
            Cli.Result result = Cli.run("ha", "status", "--output-format", "json", "--dir", dir.toString());
            if (result.exitCode() != 0) {
                return false;
            }
            status[0] = new JsonArray(result.out());
            JsonObject service = entry(status[0], "service");
            JsonObject master = entry(status[0], "master");
            return service != null && "started".equals(service.getString("crm_state")) && node.equals(service.getString("node"))
                    && master != null && master.getString("status").contains("(active,");
        }, () -> "ha status of " + dir + ": " + status[0]);
        return status[0];
    }

    private static JsonObject entry(JsonArray status, String type) {
        for (int i = 0; i < status.size(); i++) {
            JsonObject entry = status.getJsonObject(i);
            if (type.equals(entry.getString("type"))) {
                return entry;
            }
        }
        return null;
    }

    /** The replayed CRM master and vm:101 equal what the HA API answered at that instant. */
    private static void assertSameHaState(JsonArray api, StateSummary replayed) {
        String what = "API " + api.encode() + " vs replay " + replayed.crmMaster() + " " + replayed.services();
        assertEquals(entry(api, "master").getString("node"), replayed.crmMaster(), what);
        JsonObject service = entry(api, "service");
        StateSummary.ServiceSummary summary = replayed.services().get(SID);
        assertEquals(service.getString("crm_state"), summary.state(), what);
        assertEquals(service.getString("node"), summary.node(), what);
    }
}
