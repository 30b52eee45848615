package io.quorate.events.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.fold.StateSummary;
import io.quorate.events.kafka.KafkaBrokerExtension;
import io.quorate.events.kafka.KafkaEvents;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.kafka.TopicScan;
import io.quorate.events.testing.EventHistory;
import io.quorate.events.testing.Incident;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replay reading a real topic on the embedded broker. */
@ExtendWith(KafkaBrokerExtension.class)
class TopicReplayReaderTest {
    private static final ReplayWindow WINDOW = new ReplayWindow(Instant.parse("2026-11-25T10:00:38Z"),
            Instant.parse("2026-11-25T10:01:20Z"), Instant.parse("2026-11-25T10:00:55Z"));

    @Test
    void readsFromBeforeTheWindowSkipsBadRecordsAndDuplicatesAndReconstructsTheState(KafkaSettings kafka) throws Exception {
        String topic = KafkaTestBroker.newTopic("replay", 3);
        List<Event> incident = Incident.events();
        // an hour earlier: far before the window, so seeking by time must not read it
        EventHistory earlier = new EventHistory(Incident.START.minusSeconds(3600));
        for (int i = 0; i < 500; i++) {
            earlier.afterMs(10).emit("n9", new HeartbeatEvent.Sent(1, "n1"));
        }
        try (TopicPublisher publisher = new TopicPublisher(kafka, topic)) {
            publisher.publish(earlier.events());
            publisher.publish(incident);
            publisher.publish(incident.stream().filter(e -> e.time().equals(Incident.FENCED)).toList()); // a resent batch
            long inWindow = Instant.parse("2026-11-25T10:00:40Z").toEpochMilli();
            publisher.publishRaw(new ProducerRecord<>(topic, null, inWindow, "other", "{\"not\":\"ours\"}".getBytes(StandardCharsets.UTF_8)));
            ProducerRecord<String, byte[]> damaged = KafkaEvents.toRecord(topic, incident.get(incident.size() / 2));
            publisher.publishRaw(new ProducerRecord<>(topic, null, inWindow, "n1", "{\"id\":".getBytes(StandardCharsets.UTF_8),
                    damaged.headers()));
        }
        List<String> problems = new ArrayList<>();

        TopicReplayReader.Result read = TopicReplayReader.read(kafka, topic, WINDOW, problems::add);

        assertEquals(2, read.counts().badRecords(), problems::toString);
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("not a CloudEvent") || problems.get(1).contains("not a CloudEvent"), problems::toString);
        assertTrue(read.events().stream().noneMatch(e -> e.node().equals("n9")), "seeking by time skipped the hour before");
        assertEquals(incident.stream().filter(e -> e.time().equals(Incident.FENCED)).count(), read.counts().duplicates(),
                "the resent batch is dropped by id");
        assertTrue(read.counts().records() < incident.size() + 500, "read from the window's lookback on, not from the start");

        ReplayReport report = Replay.run(read.events(), WINDOW, read.counts());
        StateSummary at = report.stateAt();
        assertEquals(new StateSummary.ServiceSummary("started", "n2", null), at.services().get("vm:101"));
        assertEquals("n1", at.crmMaster());
        assertEquals(List.of("n1", "n2"), at.node("n2").members());
        assertTrue(report.passed(), report.violations()::toString);
        assertEquals(2, report.read().badRecords());

        // the same events replayed straight from memory give the same picture
        assertEquals(Replay.run(incident, WINDOW, ReadCounts.NONE).stateAt(), at);
    }

    @Test
    void aMissingTopicIsAOneLineError(KafkaSettings kafka) {
        TopicScan.TopicScanException missing = assertThrows(TopicScan.TopicScanException.class,
                () -> TopicReplayReader.read(kafka, "no.such.topic", WINDOW, problem -> { }));
        assertEquals("no topic no.such.topic on the Kafka cluster", missing.getMessage());
    }
}
