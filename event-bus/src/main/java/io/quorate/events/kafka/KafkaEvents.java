package io.quorate.events.kafka;

import io.quorate.events.Event;
import io.quorate.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Events on Kafka in CloudEvents binary mode (Kafka protocol binding 1.0): the attributes are
 * headers ({@code ce_id}, {@code ce_source} = {@code /quorate/<cluster>/<node>}, {@code ce_type},
 * {@code ce_specversion} 1.0, {@code ce_time} RFC 3339, {@code content-type: application/json}), the
 * value is the event's JSON, the key is the node name (so one node's events stay in one partition,
 * in order) and the record timestamp is the event's time.
 */
public final class KafkaEvents {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SPECVERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private KafkaEvents() {
    }

    /** The CloudEvents source of a node's events: {@code /quorate/<cluster>/<node>}. */
    public static String source(Event event) {
        return envelope(event).source();
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, Event event) {
        return toRecord(topic, envelope(event), EventJson.encodeBytes(event));
    }

    /** The record for an event's JSON as the spool holds it, with its envelope already parsed. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope event, byte[] json) {
        Headers headers = new RecordHeaders();
        headers.add(ID, utf8(event.id()));
        headers.add(SOURCE, utf8(event.source()));
        headers.add(TYPE, utf8(event.type()));
        headers.add(SPECVERSION, utf8(SPEC_VERSION));
        headers.add(TIME, utf8(event.time().toString()));
        headers.add(CONTENT_TYPE_HEADER, utf8(CONTENT_TYPE));
        return new ProducerRecord<>(topic, null, event.time().toEpochMilli(), event.node(), json, headers);
    }

    private static EventEnvelope envelope(Event event) {
        return new EventEnvelope(event.id(), event.cluster(), event.node(), event.type(), event.time());
    }

    /**
     * The event a record carries, checked against its CloudEvents headers. A record that is not one
     * of ours, or is damaged, fails with a message naming the record (topic-partition@offset) and the
     * problem; a consumer reports it and moves on.
     */
    public static Event decode(ConsumerRecord<String, byte[]> record) throws BadRecordException {
        Where where = new Where(record);
        String specVersion = header(record.headers(), SPECVERSION);
        if (specVersion == null) {
            throw new BadRecordException(where + ": not a CloudEvent (no " + SPECVERSION + " header)");
        }
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new BadRecordException(where + ": unsupported CloudEvents spec version '" + specVersion + "'");
        }
        String contentType = header(record.headers(), CONTENT_TYPE_HEADER);
        if (contentType != null && !contentType.startsWith(CONTENT_TYPE)) {
            throw new BadRecordException(where + ": content-type '" + contentType + "' is not " + CONTENT_TYPE);
        }
        String id = required(record, where, ID);
        String type = required(record, where, TYPE);
        required(record, where, SOURCE);
        if (record.value() == null) {
            throw new BadRecordException(where + ": no value (event " + id + ")");
        }
        Event event;
        try {
            event = EventJson.decode(record.value());
        } catch (EventJson.EventFormatException e) {
            throw new BadRecordException(where + ": bad event " + id + ": " + e.getMessage());
        }
        if (!event.id().equals(id)) {
            throw new BadRecordException(where + ": header " + ID + " '" + id + "' does not match the event id '" + event.id() + "'");
        }
        if (!event.type().equals(type)) {
            throw new BadRecordException(where + ": header " + TYPE + " '" + type + "' does not match the event type '" + event.type() + "'");
        }
        return event;
    }

    /** Where a record sits ({@code topic-partition@offset}), put into words only for an error. */
    private record Where(ConsumerRecord<?, ?> record) {
        @Override
        public String toString() {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, Where where, String name) throws BadRecordException {
        String value = header(record.headers(), name);
        if (value == null || value.isEmpty()) {
            throw new BadRecordException(where + ": missing header " + name);
        }
        return value;
    }

    /** The last value of a header as UTF-8 text, or null. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A Kafka record that is not a valid Quorate event. */
    public static final class BadRecordException extends Exception {
        public BadRecordException(String message) {
            super(message);
        }
    }
}
