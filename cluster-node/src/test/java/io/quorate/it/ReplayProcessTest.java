package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.fold.Quorate;
import io.quorate.events.fold.StateSummary;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.replay.ReadCounts;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayText;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.NodeEventLog;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay of a recorded incident with real parts: three node processes stream to the embedded broker,
 * n3 is killed and restarted; replaying the topic reconstructs each node's view at chosen instants as
 * the nodes' own API reported it then, and the real stream passes every invariant check.
 */
class ReplayProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path base;

    @Test
    void replayReconstructsWhatTheNodesReportedAcrossAKillAndRestart() throws Exception {
        String topic = KafkaTestBroker.newTopic("replay-process", 3);
        List<String> nodeOptions = List.of("--kafka", KafkaTestBroker.get().bootstrapServers(), "--kafka-topic", topic);
        Instant start = Instant.now();
        try (LocalCluster cluster = LocalCluster.onLoopback(base, 3, 1000)) {
            for (LocalCluster.Member member : cluster.members()) {
                cluster.start(member.name(), List.of(), nodeOptions);
            }
            List<Path> dirs = cluster.members().stream().map(LocalCluster.Member::dir).toList();
            ConfigTreeChecks.awaitReady(LIMIT, dirs);
            Instant whole = Instant.now();
            JsonObject n3Whole = Cli.quorum(cluster.member("n3").dir());

            cluster.kill("n3");
            Await.until(LIMIT, () -> NodeState.of(cluster.member("n1").dir()).members().equals(List.of(1, 2))
                    && NodeState.of(cluster.member("n2").dir()).members().equals(List.of(1, 2)), () -> "n1 and n2 drop n3");
            Instant withoutN3 = Instant.now();
            JsonObject n1WithoutN3 = Cli.quorum(cluster.member("n1").dir());

            cluster.start("n3", List.of(), nodeOptions);
            ConfigTreeChecks.awaitReady(LIMIT, dirs);
            Instant end = Instant.now();
            Set<String> recorded = new HashSet<>();
            for (Path dir : dirs) {
                NodeEventLog.read(dir).stream().filter(e -> !e.time().isAfter(end)).map(Event::id).forEach(recorded::add);
            }
            ReplayWindow window = new ReplayWindow(start.minusSeconds(1), end, null);
            List<Event> read = new ArrayList<>();
            Await.until(LIMIT, () -> {
                read.clear();
                read.addAll(ReplayTopics.read(topic, window));
                return read.stream().map(Event::id).collect(Collectors.toSet()).containsAll(recorded);
            }, () -> "every event the nodes recorded is in the topic");

            ReplayReport report = Replay.run(read, window, ReadCounts.NONE);
            System.out.println(ReplayText.render(report));
            assertTrue(report.passed(), report.violations()::toString);
            assertTrue(report.timeline().stream().anyMatch(e -> e.node().equals("n3") && e.type().equals("node.started")
                    && !e.time().isBefore(withoutN3)), "n3's restart is on the timeline");

            assertSameView(n3Whole, Replay.run(read, new ReplayWindow(window.from(), end, whole), null).stateAt().node("n3"));
            assertSameView(n1WithoutN3, Replay.run(read, new ReplayWindow(window.from(), end, withoutN3), null).stateAt().node("n1"));
        }
    }

    /** The replayed view of a node equals what its API answered at that instant ({@code cm status --output-format json}). */
    private static void assertSameView(JsonObject api, StateSummary.NodeSummary replayed) {
        List<String> members = api.getJsonArray("members").stream().map(JsonObject.class::cast).map(m -> m.getString("name"))
                .sorted().toList();
        String what = "API " + api.encode() + " vs replay " + replayed;
        assertEquals(api.getString("ringId"), replayed.ringId(), what);
        assertEquals(members, replayed.members(), what);
        assertEquals(api.getBoolean("quorate") ? Quorate.YES : Quorate.NO, replayed.quorate(), what);
        assertEquals(api.getInteger("expectedVotes"), replayed.expectedVotes(), what);
        assertEquals(api.getInteger("totalVotes"), replayed.totalVotes(), what);
        assertEquals(api.getInteger("quorum"), replayed.quorum(), what);
    }
}
