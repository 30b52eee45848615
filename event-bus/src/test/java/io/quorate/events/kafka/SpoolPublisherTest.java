package io.quorate.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Await;
import io.quorate.events.Event;
import io.quorate.events.EventJson;
import io.quorate.events.EventStream;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.HybridClock;
import io.quorate.events.NodeEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.spool.Spool;
import io.quorate.events.spool.SpoolDamage;
import io.quorate.events.spool.SpoolOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing from the spool to the real embedded broker. */
class SpoolPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static HeartbeatEvent heartbeat(int i) {
        return new HeartbeatEvent.Received(2, "n2", i % 7 / 10.0);
    }

    private static void awaitPublished(SpoolPublisher publisher, Spool spool) {
        Await.until(WAIT, () -> spool.pendingRecords() == 0, () -> "spool drained: " + publisher.stats());
    }

    /** Reads events until {@code expected} distinct ones arrived (or the deadline). */
    private static List<Event> consume(KafkaEventReader reader, int expected) {
        List<Event> events = new ArrayList<>();
        Await.until(WAIT, () -> {
            events.addAll(reader.poll(Duration.ofMillis(100)));
            return events.size() >= expected;
        }, () -> expected + " events, got " + events.size());
        assertTrue(reader.poll(Duration.ofMillis(300)).isEmpty(), "nothing beyond the expected events");
        return events;
    }

    @Test
    void publishesEveryEventOnceWithCloudEventsHeadersInOrderPerNode() throws Exception {
        String topic = KafkaTestBroker.newTopic("publish", 3);
        KafkaSettings settings = KafkaTestBroker.settings();
        List<Spool> spools = new ArrayList<>();
        List<SpoolPublisher> publishers = new ArrayList<>();
        long t = Instant.parse("2026-11-25T09:57:57.123Z").toEpochMilli();
        try {
            for (String node : List.of("n1", "n2", "n3")) {
                Spool spool = Spool.open(dir.resolve(node));
                spools.add(spool);
                publishers.add(new SpoolPublisher(spool, settings, topic).start());
                EventStream stream = new EventStream("lab", node, 2, spool, new HybridClock());
                stream.emit(new NodeEvent.Started(1, "0.1.0", "127.0.0.1:5405"), t);
                for (int i = 1; i < 1_000; i++) {
                    stream.emit(i % 100 == 0 ? new QuorumEvent.VoteCounted(2, "n2", 1) : new HeartbeatEvent.Sent(2, "n2"), t + i);
                }
            }
            for (int i = 0; i < 3; i++) {
                awaitPublished(publishers.get(i), spools.get(i));
                PublisherStats stats = publishers.get(i).stats();
                assertEquals(1_000, stats.published());
                assertEquals(0, stats.lag());
                assertNull(stats.lastError());
            }
        } finally {
            publishers.forEach(SpoolPublisher::close);
            spools.forEach(Spool::close);
        }

        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(settings.bootstrapServers(), topic);
        assertEquals(3_000, records.size());
        Map<String, List<Long>> seqsByNode = new HashMap<>();
        Map<String, Integer> partitionOfNode = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Event event = KafkaEvents.decode(record);
            assertEquals(event.node(), record.key());
            assertEquals(event.time().toEpochMilli(), record.timestamp());
            assertEquals(event.id(), KafkaEvents.header(record.headers(), "ce_id"));
            assertEquals("/quorate/lab/" + event.node(), KafkaEvents.header(record.headers(), "ce_source"));
            assertEquals(event.type(), KafkaEvents.header(record.headers(), "ce_type"));
            assertEquals("1.0", KafkaEvents.header(record.headers(), "ce_specversion"));
            assertEquals(event.time(), Instant.parse(KafkaEvents.header(record.headers(), "ce_time")));
            assertEquals("application/json", KafkaEvents.header(record.headers(), "content-type"));
            assertEquals(event, EventJson.decode(record.value()));
            seqsByNode.computeIfAbsent(event.node(), n -> new ArrayList<>()).add(event.seq());
            assertEquals(partitionOfNode.computeIfAbsent(event.node(), n -> record.partition()), record.partition(),
                    "one node, one partition");
        }
        List<Long> expected = Stream.iterate(1L, s -> s + 1).limit(1_000).collect(Collectors.toList());
        seqsByNode.values().forEach(seqs -> assertEquals(expected, seqs, "each node's events in seq order"));
    }

    @Test
    void throughputFromOneSpool() throws Exception {
        String topic = KafkaTestBroker.newTopic("throughput", 1);
        int n = 50_000;
        try (Spool spool = Spool.open(dir);
             SpoolPublisher publisher = new SpoolPublisher(spool, KafkaTestBroker.settings(), topic).start()) {
            EventStream stream = new EventStream("lab", "n1", 1, spool, new HybridClock());
            long began = System.nanoTime();
            for (int i = 0; i < n; i++) {
                stream.emit(heartbeat(i), System.currentTimeMillis());
            }
            long emitted = System.nanoTime();
            awaitPublished(publisher, spool);
            long done = System.nanoTime();
            PublisherStats stats = publisher.stats();
            System.out.printf("emit+spool %d events: %.0f events/s; emit to all confirmed: %.0f events/s;"
                            + " latency p50 %d ms, p99 %d ms, max %d ms%n", n, n / ((emitted - began) / 1e9),
                    n / ((done - began) / 1e9), stats.latencyP50Ms(), stats.latencyP99Ms(), stats.latencyMaxMs());
            assertEquals(n, stats.published());
        }
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(KafkaTestBroker.get().bootstrapServers(), topic);
        assertEquals(n, records.size());
        for (int i = 0; i < n; i++) {
            assertEquals("n1/1/" + (i + 1), KafkaEvents.header(records.get(i).headers(), "ce_id"), "every event once, in order");
        }
    }

    @Test
    void aBrokerOutageLosesNothingAndDuplicatesAreFilteredById() throws Exception {
        String topic = KafkaTestBroker.newTopic("outage", 1);
        // short timeouts so that the outage makes sends fail (and be resent) within the test
        KafkaSettings settings = KafkaSettings.of(KafkaTestBroker.get().bootstrapServers(), Map.of(
                "delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "max.block.ms", "1000"));
        long t = System.currentTimeMillis();
        int emitted = 0;
        try (Spool spool = Spool.open(dir);
             SpoolPublisher publisher = new SpoolPublisher(spool, settings, topic).start()) {
            EventStream stream = new EventStream("lab", "n1", 1, spool, new HybridClock());
            while (emitted < 500) {
                stream.emit(heartbeat(emitted++), t++);
            }
            awaitPublished(publisher, spool);

            KafkaTestBroker.stop();
            long outageBegan = System.nanoTime();
            while (emitted < 1_000) { // the node keeps emitting while Kafka is away
                stream.emit(emitted % 50 == 0 ? new QuorumEvent.VoteWithdrawn(3, "n3", 1) : heartbeat(emitted), t++);
                emitted++;
            }
            assertTrue(System.nanoTime() - outageBegan < TimeUnit.SECONDS.toNanos(5), "emit never waits for Kafka");
            Await.until(WAIT, () -> publisher.stats().lastError() != null, () -> "the outage reported while the broker is down");
            System.out.println("during the outage: " + publisher.stats());
            assertTrue(spool.pendingRecords() >= 500, "unpublished events wait in the spool: " + publisher.stats());

            KafkaTestBroker.get();
            awaitPublished(publisher, spool);
            PublisherStats stats = publisher.stats();
            assertNull(stats.lastError(), "publishing recovered: " + stats);
            System.out.println("broker outage: " + stats);
        }
        try (KafkaEventReader reader = new KafkaEventReader(settings, topic, problem -> { })) {
            List<Event> events = consume(reader, emitted);
            assertEquals(Stream.iterate(1L, s -> s + 1).limit(emitted).collect(Collectors.toList()),
                    events.stream().map(Event::seq).collect(Collectors.toList()), "every event once, in order");
            assertEquals(emitted, reader.deduplicator().contiguousUpTo("n1", 1));
            System.out.println("broker outage: " + reader.deduplicator().duplicates() + " duplicates filtered");
        }
    }

    @Test
    void aSpoolDamagedByACrashPublishesItsValidRecords() throws Exception {
        String topic = KafkaTestBroker.newTopic("damaged", 1);
        Path segment;
        long damageAt;
        long t = System.currentTimeMillis();
        try (Spool spool = Spool.open(dir)) {
            EventStream stream = new EventStream("lab", "n1", 1, spool, new HybridClock());
            for (int i = 0; i < 20; i++) {
                stream.emit(new QuorumEvent.VoteCounted(2, "n2", 1), t + i);
            }
            damageAt = spool.flush().get(10, TimeUnit.SECONDS).offset();
            for (int i = 20; i < 40; i++) {
                stream.emit(new QuorumEvent.VoteCounted(2, "n2", 1), t + i);
            }
            spool.flush().get(10, TimeUnit.SECONDS);
            segment = dir.resolve(String.format("%020d.seg", spool.committed().segment()));
        }
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(damageAt);
            file.write("#### not a record ####".getBytes(StandardCharsets.UTF_8)); // garbage over record 21
            file.setLength(size - 10); // and a torn last record
        }
        try (Spool spool = Spool.open(dir);
             SpoolPublisher publisher = new SpoolPublisher(spool, KafkaTestBroker.settings(), topic).start()) {
            assertEquals(List.of(SpoolDamage.Kind.GARBAGE, SpoolDamage.Kind.TRUNCATED_TAIL),
                    spool.recoveryDamage().stream().map(SpoolDamage::kind).collect(Collectors.toList()));
            assertEquals(segment, spool.recoveryDamage().get(0).file());
            assertEquals(damageAt, spool.recoveryDamage().get(0).offset());
            awaitPublished(publisher, spool);
        }
        try (KafkaEventReader reader = new KafkaEventReader(KafkaTestBroker.settings(), topic, problem -> { })) {
            List<Long> seqs = consume(reader, 38).stream().map(Event::seq).collect(Collectors.toList());
            List<Long> expected = Stream.iterate(1L, s -> s + 1).limit(39)
                    .filter(s -> s != 21).collect(Collectors.toList());
            assertEquals(expected, seqs, "all but the overwritten record 21 and the torn record 40");
            assertTrue(reader.deduplicator().hasGap("n1", 1), "the loss shows as a sequence gap");
        }
    }

    @Test
    void aCrashBeforeTheAckWasStoredResendsAndReadersDeduplicate() throws Exception {
        String topic = KafkaTestBroker.newTopic("resend", 1);
        KafkaSettings settings = KafkaTestBroker.settings();
        long t = System.currentTimeMillis();
        for (int run = 1; run <= 2; run++) {
            try (Spool spool = Spool.open(dir);
                 SpoolPublisher publisher = new SpoolPublisher(spool, settings, topic).start()) {
                if (run == 1) {
                    EventStream stream = new EventStream("lab", "n1", 1, spool, new HybridClock());
                    for (int i = 0; i < 200; i++) {
                        stream.emit(heartbeat(i), t++);
                    }
                }
                awaitPublished(publisher, spool);
            }
            // as if the node was killed after the broker confirmed but before the position was stored
            Files.deleteIfExists(dir.resolve("acked"));
        }
        assertEquals(400, TopicRecords.count(settings.bootstrapServers(), topic), "every event sent twice");
        List<String> problems = new ArrayList<>();
        try (KafkaEventReader reader = new KafkaEventReader(settings, topic, problems::add)) {
            List<Event> events = consume(reader, 200);
            assertEquals(200, events.size());
            assertEquals(200, reader.deduplicator().duplicates());
            assertEquals(200, reader.deduplicator().contiguousUpTo("n1", 1));
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void theReaderReportsAndSkipsRecordsThatAreNotEvents() throws Exception {
        String topic = KafkaTestBroker.newTopic("foreign", 1);
        KafkaSettings settings = KafkaTestBroker.settings();
        Map<String, Object> config = Map.of("bootstrap.servers", settings.bootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        Event good = Event.of("lab", "n1", 1, 1, Instant.now(), heartbeat(1));
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "x", "hello".getBytes(StandardCharsets.UTF_8)));
            org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> broken = KafkaEvents.toRecord(topic, good);
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, broken.timestamp(), "n1",
                    "{\"truncated".getBytes(StandardCharsets.UTF_8), broken.headers()));
            producer.send(KafkaEvents.toRecord(topic, good));
            producer.flush();
        }
        List<String> problems = new ArrayList<>();
        try (KafkaEventReader reader = new KafkaEventReader(settings, topic, problems::add)) {
            assertEquals(List.of(good), consume(reader, 1));
            assertEquals(2, reader.badRecords());
        }
        assertEquals(topic + "-0@0: not a CloudEvent (no ce_specversion header)", problems.get(0));
        assertTrue(problems.get(1).startsWith(topic + "-0@1: bad event n1/1/1: not JSON"), problems.get(1));
    }

    @Test
    void aRestartResumesAfterTheLastAcknowledgedRecord() throws Exception {
        String topic = KafkaTestBroker.newTopic("resume", 1);
        long t = System.currentTimeMillis();
        for (int incarnation = 1; incarnation <= 2; incarnation++) {
            try (Spool spool = Spool.open(dir);
                 SpoolPublisher publisher = new SpoolPublisher(spool, KafkaTestBroker.settings(), topic).start()) {
                EventStream stream = new EventStream("lab", "n1", incarnation, spool, new HybridClock());
                for (int i = 0; i < 100; i++) {
                    stream.emit(heartbeat(i), t++);
                }
                awaitPublished(publisher, spool);
            }
        }
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(KafkaTestBroker.get().bootstrapServers(), topic);
        assertEquals(200, records.size(), "nothing acknowledged was sent again");
        assertNotNull(records.get(199).headers().lastHeader("ce_id"));
        assertEquals("n1/2/100", KafkaEvents.header(records.get(199).headers(), "ce_id"));
    }
}
