package io.quorate.events.kafka;

import io.quorate.events.Event;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every reader of the topic does with a record: decode it, report and count a bad one (and go
 * on), and drop a repeat by event id. Not thread-safe.
 */
final class RecordDecoder {
    private final EventDeduplicator dedup = new EventDeduplicator();
    private final Consumer<String> problems;
    private long badRecords;

    /** @param problems receives one line per bad record (topic-partition@offset and the problem) */
    RecordDecoder(Consumer<String> problems) {
        this.problems = problems;
    }

    /** The record's event the first time it is seen; null for a bad record or a repeat. */
    Event firstSeen(ConsumerRecord<String, byte[]> record) {
        Event event;
        try {
            event = KafkaEvents.decode(record);
        } catch (KafkaEvents.BadRecordException e) {
            badRecords++;
            problems.accept(e.getMessage());
            return null;
        }
        return dedup.firstSeen(event) ? event : null;
    }

    long badRecords() {
        return badRecords;
    }

    EventDeduplicator deduplicator() {
        return dedup;
    }
}
