package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.SnapshotEvent;
import io.quorate.events.SpoolEvent;
import io.quorate.events.kafka.KafkaEventReader;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.NodeEventLog;
import io.quorate.tls.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus with real parts: three node processes publishing to a real (embedded KRaft) broker
 * through their spools. What a node recorded locally ({@code events.jsonl}) must reach the topic
 * once after de-duplication, in order per node, with contiguous sequences, across a kill -9 and
 * restart and across a broker outage.
 */
class EventBusProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path base;

    private LocalCluster cluster;
    private String topic;
    private List<String> nodeOptions;
    private KafkaEventReader reader;
    private final List<Event> received = new ArrayList<>();
    private final List<String> badRecords = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        topic = KafkaTestBroker.newTopic("process-events", 3);
        nodeOptions = List.of("--kafka", KafkaTestBroker.get().bootstrapServers(), "--kafka-topic", topic);
        cluster = LocalCluster.onLoopback(base, 3, 1000);
        for (LocalCluster.Member member : cluster.members()) {
            cluster.start(member.name(), List.of(), nodeOptions);
        }
        ConfigTreeChecks.awaitReady(LIMIT, dirs());
        reader = new KafkaEventReader(KafkaTestBroker.settings(), topic, badRecords::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        KafkaTestBroker.get(); // up again for the next test, should one have failed while it was stopped
    }

    @Test
    void everyEventOfAKillAndRestartCycleArrivesOnceInOrderPerNode() throws Exception {
        awaitTopicHasEverythingRecorded("before the kill");
        cluster.kill("n3");
        Await.until(LIMIT, () -> NodeState.of(dir("n1")).members().equals(List.of(1, 2)), () -> "n1: " + NodeState.of(dir("n1")));
        cluster.start("n3", List.of(), nodeOptions);
        ConfigTreeChecks.awaitReady(LIMIT, dirs());

        awaitTopicHasEverythingRecorded("after the restart");
        assertInOrderPerNodeAndContiguous();
        Set<Long> incarnations = localEvents(dir("n3")).stream().map(Event::incarnation).collect(Collectors.toSet());
        assertEquals(2, incarnations.size(), "n3 ran twice: " + incarnations);
        assertEquals(incarnations, received.stream().filter(e -> e.node().equals("n3")).map(Event::incarnation)
                .collect(Collectors.toSet()), "both of n3's incarnations published");
        // each node says where it stands: at start, and at every view change, with its whole view
        assertTrue(received.stream().anyMatch(e -> e.node().equals("n3") && e.data() instanceof SnapshotEvent.View view
                && view.reason().equals(SnapshotEvent.START)), "n3's start snapshot");
        assertTrue(received.stream().anyMatch(e -> e.node().equals("n1") && e.data() instanceof SnapshotEvent.View view
                && view.reason().equals(SnapshotEvent.VIEW_CHANGE) && view.members().equals(List.of("n1", "n2"))
                && view.quorate() && view.configVersion() > 0), "n1's snapshot of the view without n3");
    }

    /** kill -9 right after a write's answer: the events of that write still arrive, from the spool, after the restart. */
    @Test
    void eventsOfANodeKilledRightAfterEmittingThemStillArrive() throws Exception {
        ApiResponse written = TreeApi.of(dir("n1")).write("bus/last-words", "written just before the kill\n");
        assertTrue(written.isSuccess(), written.body());
        cluster.kill("n1");
        List<Event> beforeKill = NodeEventLog.read(dir("n1"));
        long killedIncarnation = beforeKill.get(beforeKill.size() - 1).incarnation();
        cluster.start("n1", List.of(), nodeOptions);
        Await.until(LIMIT, () -> {
            poll();
            return received.stream().anyMatch(e -> e.node().equals("n1") && e.incarnation() == killedIncarnation
                    && e.data() instanceof ConfigEvent.Committed committed && "bus/last-words".equals(committed.path()));
        }, () -> "n1's commit of bus/last-words (incarnation " + killedIncarnation + ") never arrived; received "
                + received.size() + " events");
        assertInOrderPerNodeAndContiguous();
    }

    /** A spool damaged while the node was down: the node starts, says where, and its valid events still arrive. */
    @Test
    void aNodeStartsOnADamagedSpoolReportsTheDamageAndKeepsItsValidEvents() throws Exception {
        awaitTopicHasEverythingRecorded("before the damage");
        cluster.process("n2").stop(Duration.ofSeconds(10));
        Path segment;
        try (var files = java.nio.file.Files.list(dir("n2").resolve("spool"))) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        long damagedAt = java.nio.file.Files.size(segment);
        java.nio.file.Files.write(segment, "\u0000\u0000\u0007torn record after a crash".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        cluster.start("n2", List.of(), nodeOptions);
        ConfigTreeChecks.awaitReady(LIMIT, dirs());
        awaitTopicHasEverythingRecorded("after the restart on a damaged spool");
        assertTrue(received.stream().anyMatch(e -> e.node().equals("n2") && e.data() instanceof SpoolEvent.Damaged damaged
                && damaged.file().endsWith(segment.getFileName().toString()) && damaged.offset() == damagedAt),
                "n2 reports the damage with file and offset " + damagedAt);
        assertInOrderPerNodeAndContiguous();
    }

    /** The broker goes away for 30 s while the nodes keep working; afterwards nothing is missing or doubled. */
    @Test
    void aBrokerOutageLosesNothingAndDuplicatesNothing() throws Exception {
        awaitTopicHasEverythingRecorded("before the outage");
        KafkaTestBroker.stop();
        long outageEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int writes = 0;
        while (System.nanoTime() < outageEnds) {
            ApiResponse written = TreeApi.of(dir("n" + (writes % 3 + 1))).write("bus/outage-" + writes, "during the outage\n");
            assertTrue(written.isSuccess(), "the cluster keeps working without Kafka: " + written.body());
            writes++;
            Thread.sleep(500); // paces the workload during the outage; nothing waits on it
        }
        KafkaTestBroker.get();
        awaitTopicHasEverythingRecorded("after the outage");
        assertInOrderPerNodeAndContiguous();
        System.out.printf("broker outage of 30 s with %d writes: %d events received, %d duplicates filtered%n", writes,
                received.size(), reader.deduplicator().duplicates());
    }

    private void poll() {
        received.addAll(reader.poll(Duration.ofMillis(200)));
    }

    /** Waits until every event each node recorded locally so far is in the topic. */
    private void awaitTopicHasEverythingRecorded(String when) throws InterruptedException {
        Map<String, Set<String>> recorded = new LinkedHashMap<>();
        for (LocalCluster.Member member : cluster.members()) {
            recorded.put(member.name(), localEvents(member.dir()).stream().map(Event::id).collect(Collectors.toSet()));
        }
        Await.until(LIMIT, () -> {
            poll();
            Set<String> ids = received.stream().map(Event::id).collect(Collectors.toSet());
            return recorded.values().stream().allMatch(ids::containsAll);
        }, () -> when + ": missing from the topic: " + missing(recorded) + "; bad records: " + badRecords);
        assertEquals(List.of(), badRecords);
    }

    private Map<String, Long> missing(Map<String, Set<String>> recorded) {
        Set<String> ids = received.stream().map(Event::id).collect(Collectors.toSet());
        Map<String, Long> missing = new TreeMap<>();
        recorded.forEach((node, events) -> missing.put(node, events.stream().filter(id -> !ids.contains(id)).count()));
        return missing;
    }

    /** Per node, the topic holds its events in (incarnation, seq) order, each sequence contiguous from 1. */
    private void assertInOrderPerNodeAndContiguous() {
        assertEquals(received.size(), received.stream().map(Event::id).distinct().count(), "de-duplicated by id");
        Map<String, List<Event>> byNode = received.stream().collect(Collectors.groupingBy(Event::node, TreeMap::new, Collectors.toList()));
        byNode.forEach((node, events) -> {
            long incarnation = 0;
            long seq = 0;
            for (Event event : events) {
                if (event.incarnation() != incarnation) {
                    assertTrue(event.incarnation() > incarnation, node + ": incarnation went back at " + event.id());
                    incarnation = event.incarnation();
                    seq = 0;
                }
                assertEquals(seq + 1, event.seq(), node + ": sequence gap or reorder at " + event.id());
                seq = event.seq();
            }
        });
    }

    /** State events the node recorded (heartbeat samples may be dropped when a spool is full, never here). */
    private static List<Event> localEvents(Path dir) {
        try {
            return NodeEventLog.read(dir).stream().filter(e -> !(e.data() instanceof HeartbeatEvent)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(String node) {
        return cluster.member(node).dir();
    }

    private List<Path> dirs() {
        return cluster.members().stream().map(LocalCluster.Member::dir).toList();
    }
}
