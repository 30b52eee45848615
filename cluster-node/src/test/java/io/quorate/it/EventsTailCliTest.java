package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.EventJson;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.testing.Incident;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code quorate events tail} against a real topic on the embedded broker. */
class EventsTailCliTest {
    private static String topic;
    private static String kafka;
    private static List<Event> incident;

    @BeforeAll
    static void publishAnIncident() {
        KafkaSettings settings = KafkaTestBroker.settings();
        kafka = settings.bootstrapServers();
        topic = KafkaTestBroker.newTopic("cli.tail", 2);
        incident = Incident.events();
        try (TopicPublisher publisher = new TopicPublisher(settings, topic)) {
            publisher.publish(incident);
            publisher.publish(incident.subList(0, 20)); // resent: printed once
            publisher.publishRaw(new ProducerRecord<>(topic, "x", "not an event".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Cli.Result tail(String... options) {
        String[] args = new String[4 + options.length];
        args[0] = "events";
        args[1] = "tail";
        args[2] = "--kafka";
        args[3] = kafka;
        System.arraycopy(options, 0, args, 4, options.length);
        return Cli.run(args);
    }

    @Test
    void printsEveryQuorumEventOnceAsALineAndExits() {
        Cli.Result result = tail("--topic", topic, "--type", "quorum");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        long expected = incident.stream().filter(e -> e.type().startsWith("quorum.")).count();
        assertEquals(expected, lines.size(), result.out());
        assertTrue(lines.stream().allMatch(line -> line.matches("\\S+Z n\\d #\\d+ quorum\\.\\w+ \\{.*}")), result.out());
        assertTrue(lines.contains("2026-11-25T10:00:42.000Z n1 #" + seq("n1", "quorum.gained", "1.2")
                + " quorum.gained {\"ringId\":\"1.2\",\"votes\":{\"expectedVotes\":3,\"highestExpected\":3,\"totalVotes\":2,"
                + "\"quorum\":2,\"flags\":[]}}"), result.out());
        assertTrue(result.err().contains("quorate: skipped cli.tail"), result.err());
        assertTrue(result.err().contains("skipped 1 foreign or malformed record(s)"), result.err());
    }

    private static long seq(String node, String type, String ring) {
        return incident.stream().filter(e -> e.node().equals(node) && e.type().equals(type)
                && EventJson.encode(e).contains("\"ringId\":\"" + ring + "\"")).findFirst().orElseThrow().seq();
    }

    @Test
    void filtersByNodeAndTimeAndPrintsJson() throws Exception {
        Cli.Result result = tail("--kafka-topic", topic, "--node", "n3", "--from", "2026-11-25T10:01:10Z", "--output-format", "json");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(incident.stream().filter(e -> e.node().equals("n3") && !e.time().isBefore(Incident.N3_BACK)).count(),
                lines.size());
        for (String line : lines) {
            Event event = EventJson.decode(line);
            assertEquals("n3", event.node());
            assertEquals(2, event.incarnation());
        }
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        Cli.Result noKafka = Cli.run("events", "tail");
        assertEquals(2, noKafka.exitCode());
        assertTrue(noKafka.err().startsWith("quorate: --kafka: this command reads the event topic"), noKafka.err());
        assertEquals(1, noKafka.err().strip().lines().count(), noKafka.err());
        Cli.Result badTime = tail("--topic", topic, "--from", "noon");
        assertEquals(2, badTime.exitCode());
        assertEquals("quorate: --from 'noon' is not an RFC 3339 time (like 2026-11-25T10:00:00Z)", badTime.err().strip());
        Cli.Result missing = tail("--topic", "no.such.topic");
        assertEquals(1, missing.exitCode());
        assertEquals("quorate: no topic no.such.topic on the Kafka cluster", missing.err().strip());
    }
}
