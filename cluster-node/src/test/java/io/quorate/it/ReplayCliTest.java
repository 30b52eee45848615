package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.GuestEvent;
import io.quorate.events.HybridClock;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.testing.Incident;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quorate replay} against a recorded incident on the embedded broker. */
class ReplayCliTest {
    private static final String FROM = "2026-11-25T10:00:38Z";
    private static final String TO = "2026-11-25T10:01:20Z";

    @TempDir
    Path dir;

    private static String publish(String name, List<Event> events, boolean withForeignRecord) {
        KafkaSettings settings = KafkaTestBroker.settings();
        String topic = KafkaTestBroker.newTopic(name, 3);
        try (TopicPublisher publisher = new TopicPublisher(settings, topic)) {
            publisher.publish(events);
            if (withForeignRecord) {
                publisher.publishRaw(new ProducerRecord<>(topic, null, Instant.parse("2026-11-25T10:00:45Z").toEpochMilli(), "x",
                        "{}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return topic;
    }

    private static Cli.Result replay(String topic, String... options) {
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[] {"replay", "--kafka", KafkaTestBroker.settings().bootstrapServers(), "--topic", topic,
                "--from=" + FROM}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return Cli.run(args);
    }

    @Test
    void replaysTheIncidentPrintsTheStateAtAnInstantAndWritesAPage() throws Exception {
        String topic = publish("cli.replay", Incident.events(), true);
        Path html = dir.resolve("incident.html");
        Cli.Result result = replay(topic, "--to", TO, "--at", "2026-11-25T10:00:55Z", "--html", html.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        String out = result.out();
        assertTrue(out.contains(" n1 #"), out);
        assertTrue(out.contains("fence.succeeded n3 fenced (ipmi, 180 ms)"), out);
        assertTrue(out.contains("state at 2026-11-25T10:00:55.000Z:\n  crm master: n1, config version: 55, fencing: none\n"), out);
        assertTrue(out.contains("  service vm:101: started on n2\n"), out);
        assertTrue(out.contains("  node n2: up (incarnation 1), ring 1.2 [n1,n2], quorate (votes 2/3, quorum 2)"), out);
        assertTrue(out.contains("1 foreign/malformed skipped"), out);
        assertTrue(out.contains("  contiguous_sequences: ok\n"), out);
        assertTrue(out.contains("PASSED\nhtml: " + html + "\n"), out);
        assertTrue(out.lines().noneMatch(line -> line.contains("heartbeat")), out);
        assertTrue(result.err().contains("skipped 1 foreign or malformed record(s)"), result.err());

        String page = Files.readString(html);
        for (String node : List.of("n1", "n2", "n3")) {
            assertTrue(page.contains("data-node=\"" + node + "\""), node);
        }
    }

    @Test
    void aSplitBrainInTheWindowFailsNamingTheEvents() {
        Instant when = Instant.parse("2026-11-25T10:00:47Z");
        // n1 starts vm:102 while n2 runs it: two nodes run one resource
        Event rogue = new Event("n1/1/5000", "lab", "n1", 1, 5000, when, new GuestEvent.Started("vm:102", 1),
                HybridClock.encode(when.toEpochMilli(), 0));
        List<Event> events = new ArrayList<>(Incident.events());
        events.add(rogue);
        String topic = publish("cli.replay.bad", events, false);
        Cli.Result result = replay(topic, "--to", TO, "--output-format", "json");
        assertEquals(1, result.exitCode(), result.err());
        JsonObject json = new JsonObject(result.out());
        assertEquals(false, json.getBoolean("passed"));
        boolean named = json.getJsonArray("violations").stream().map(JsonObject.class::cast)
                .anyMatch(v -> v.getString("invariant").equals("no_resource_on_two_nodes")
                        && v.getJsonArray("events").contains("n1/1/5000"));
        assertTrue(named, result.out());
    }

    @Test
    void badTimesAreOneLineErrorsWithExitCode2() {
        Cli.Result reversed = replay("quorate.events", "--to", "2026-11-25T09:00:00Z");
        assertEquals(2, reversed.exitCode());
        assertEquals("quorate: --from 2026-11-25T10:00:38.000Z is after --to 2026-11-25T09:00:00.000Z", reversed.err().strip());
        Cli.Result garbled = replay("quorate.events", "--to", "2026-13-45");
        assertEquals(2, garbled.exitCode());
        assertEquals("quorate: --to '2026-13-45' is not an RFC 3339 time (like 2026-11-25T10:00:00Z)", garbled.err().strip());
        Cli.Result noTo = replay("quorate.events");
        assertEquals(2, noTo.exitCode());
        assertEquals(1, noTo.err().strip().lines().count(), noTo.err());
    }
}
