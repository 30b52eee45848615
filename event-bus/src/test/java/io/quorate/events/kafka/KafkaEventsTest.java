package io.quorate.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.EventJson;
import io.quorate.events.HybridClock;
import io.quorate.events.QuorumEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaEventsTest {
    private static final Instant TIME = Instant.parse("2026-11-25T09:57:57.123Z");
    private static final Event EVENT = Event.of("lab", "n2", 3, 17, TIME,
            new QuorumEvent.Lost("1.e8", new QuorumEvent.Votes(3, 3, 1, 2, List.of())), HybridClock.encode(TIME.toEpochMilli(), 2));

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 2, 41, sent.timestamp(), TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), sent.headers(), Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> with(Headers headers, byte[] value) {
        return new ConsumerRecord<>("quorate.events", 0, 7, 0L, TimestampType.CREATE_TIME, -1, -1, "n2", value, headers,
                Optional.empty());
    }

    private static Headers cloudEventHeaders(Event event) {
        Headers headers = new RecordHeaders();
        KafkaEvents.toRecord("t", event).headers().forEach(headers::add);
        return headers;
    }

    @Test
    void anEventBecomesABinaryModeCloudEventKeyedByNode() throws Exception {
        ProducerRecord<String, byte[]> record = KafkaEvents.toRecord("quorate.events", EVENT);
        assertEquals("quorate.events", record.topic());
        assertEquals("n2", record.key());
        assertEquals(TIME.toEpochMilli(), record.timestamp());
        assertEquals("n2/3/17", KafkaEvents.header(record.headers(), "ce_id"));
        assertEquals("/quorate/lab/n2", KafkaEvents.header(record.headers(), "ce_source"));
        assertEquals("quorum.lost", KafkaEvents.header(record.headers(), "ce_type"));
        assertEquals("1.0", KafkaEvents.header(record.headers(), "ce_specversion"));
        assertEquals("2026-11-25T09:57:57.123Z", KafkaEvents.header(record.headers(), "ce_time"));
        assertEquals("application/json", KafkaEvents.header(record.headers(), "content-type"));
        assertEquals(EVENT, EventJson.decode(record.value()));
        assertEquals(EVENT, KafkaEvents.decode(consumed(record)));
        assertEquals(new EventEnvelope("n2/3/17", "lab", "n2", "quorum.lost", TIME), EventEnvelope.parse(record.value()));
    }

    @Test
    void badRecordsAreRefusedNamingRecordAndProblem() {
        byte[] json = EventJson.encodeBytes(EVENT);
        assertEquals("quorate.events-0@7: not a CloudEvent (no ce_specversion header)",
                assertThrows(KafkaEvents.BadRecordException.class, () -> KafkaEvents.decode(with(new RecordHeaders(), json))).getMessage());

        Headers oldSpec = cloudEventHeaders(EVENT);
        oldSpec.remove("ce_specversion");
        oldSpec.add("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));
        assertEquals("quorate.events-0@7: unsupported CloudEvents spec version '0.3'",
                assertThrows(KafkaEvents.BadRecordException.class, () -> KafkaEvents.decode(with(oldSpec, json))).getMessage());

        Headers noId = cloudEventHeaders(EVENT);
        noId.remove("ce_id");
        assertEquals("quorate.events-0@7: missing header ce_id",
                assertThrows(KafkaEvents.BadRecordException.class, () -> KafkaEvents.decode(with(noId, json))).getMessage());

        String badJson = assertThrows(KafkaEvents.BadRecordException.class,
                () -> KafkaEvents.decode(with(cloudEventHeaders(EVENT), "{\"id\":".getBytes(StandardCharsets.UTF_8)))).getMessage();
        assertTrue(badJson.startsWith("quorate.events-0@7: bad event n2/3/17: not JSON"), badJson);

        Event other = Event.of("lab", "n2", 3, 18, TIME, EVENT.data());
        assertEquals("quorate.events-0@7: header ce_id 'n2/3/18' does not match the event id 'n2/3/17'",
                assertThrows(KafkaEvents.BadRecordException.class, () -> KafkaEvents.decode(with(cloudEventHeaders(other), json)))
                        .getMessage());

        Headers xml = cloudEventHeaders(EVENT);
        xml.remove("content-type");
        xml.add("content-type", "application/xml".getBytes(StandardCharsets.UTF_8));
        assertFalse(assertThrows(KafkaEvents.BadRecordException.class, () -> KafkaEvents.decode(with(xml, json)))
                .getMessage().isEmpty());
    }
}
