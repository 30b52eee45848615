package io.quorate.events.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Await;
import io.quorate.events.Event;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.kafka.KafkaBrokerExtension;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.testing.EventHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class EventTailTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static List<Event> sample() {
        EventHistory history = new EventHistory(T0);
        history.agreedView("1.1", 3, "n1", "n2", "n3");
        history.after(Duration.ofSeconds(10));
        history.emit("n2", new HeartbeatEvent.Sent(1, "n1"));
        history.emit("n2", new QuorumEvent.Lost("1.2", new QuorumEvent.Votes(3, 3, 1, 2, List.of())));
        history.emit("n1", new QuorumEvent.ExpectedChanged(3, 2, 2, "admin"));
        return history.events();
    }

    @Test
    void filtersByTypePrefixNodeAndTime() {
        List<Event> events = sample();
        EventFilter quorum = EventFilter.of("quorum", null, null);
        assertEquals(5, events.stream().filter(quorum::matches).count(), "3 gained, 1 lost, 1 expected_changed");
        assertEquals(0, events.stream().filter(EventFilter.of("quo", null, null)::matches).count(), "whole segments only");
        assertEquals(1, events.stream().filter(EventFilter.of("quorum.lost", null, null)::matches).count());
        assertEquals(1, events.stream().filter(EventFilter.of("quorum.", "n2", T0.plusSeconds(1))::matches).count(),
                "n2 after T0+1s: only its quorum.lost");
        assertEquals(3, events.stream().filter(EventFilter.of("heartbeat,quorum", null, T0.plusSeconds(5))::matches).count(),
                "heartbeat and quorum events after T0+5s");
        assertEquals(events.size(), events.stream().filter(EventFilter.ALL::matches).count());
    }

    @Test
    void printsWhatIsThereAndStopsOrFollowsNewEvents(KafkaSettings kafka) throws Exception {
        String topic = KafkaTestBroker.newTopic("tail", 2);
        List<Event> events = sample();
        try (TopicPublisher publisher = new TopicPublisher(kafka, topic)) {
            publisher.publish(events);
            publisher.publish(events.subList(0, 3)); // resent
            publisher.publishRaw(new ProducerRecord<>(topic, "x", "garbage".getBytes(StandardCharsets.UTF_8)));
        }
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        EventTail.Result result = EventTail.run(kafka, topic, EventFilter.of("quorum", null, null), false, () -> true,
                event -> lines.add(EventLines.text(event)), problems::add);
        assertEquals(5, result.printed());
        assertEquals(1, result.badRecords());
        assertEquals(3, result.duplicates());
        assertEquals(1, problems.size());
        assertTrue(lines.contains("2026-11-25T10:00:10.000Z n2 #4 quorum.lost {\"ringId\":\"1.2\",\"votes\":{\"expectedVotes\":3,"
                + "\"highestExpected\":3,\"totalVotes\":1,\"quorum\":2,\"flags\":[]}}"), lines::toString);

        List<Event> followed = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<EventTail.Result> tail = CompletableFuture.supplyAsync(() -> {
            try {
                return EventTail.run(kafka, topic, EventFilter.of(null, "n3", null), true, stop::get, followed::add, p -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(Duration.ofSeconds(60), () -> followed.size() == 2, () -> "n3's two events, got " + followed);
        Event later = new EventHistory(T0.plusSeconds(60)).emit("n3", new HeartbeatEvent.Sent(1, "n1"));
        Event fresh = new Event("n3/2/1", later.cluster(), "n3", 2, 1, later.time(), later.data(), later.hlc());
        try (TopicPublisher publisher = new TopicPublisher(kafka, topic)) {
            publisher.publish(List.of(fresh));
        }
        Await.until(Duration.ofSeconds(60), () -> followed.size() == 3, () -> "the new event, got " + followed);
        stop.set(true);
        assertEquals(3, tail.get().printed());
        assertEquals(fresh, followed.get(2));
        assertFalse(followed.stream().anyMatch(e -> !e.node().equals("n3")));
    }
}
