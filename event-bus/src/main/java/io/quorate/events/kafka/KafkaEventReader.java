package io.quorate.events.kafka;

import io.quorate.events.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the event topic from the beginning of every partition (no consumer group: tail and replay
 * read the whole retained stream) and returns each event once: repeats from a resend are dropped
 * by id, and records that are not valid events are reported to the problem handler and skipped.
 * Not thread-safe (as the Kafka consumer it wraps).
 */
public final class KafkaEventReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordDecoder decoder;

    /** @param problems receives one line per bad record (topic-partition@offset and the problem) */
    public KafkaEventReader(KafkaSettings settings, String topic, Consumer<String> problems) {
        KafkaLogging.quiet();
        this.decoder = new RecordDecoder(problems);
        Properties props = settings.clientProperties(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "quorate-reader",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> assigned = partitions == null ? List.of()
                : partitions.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /** New events that arrived within {@code timeout} (possibly none), in partition order. */
    public List<Event> poll(Duration timeout) {
        List<Event> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            Event event = decoder.firstSeen(record);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    public long badRecords() {
        return decoder.badRecords();
    }

    public EventDeduplicator deduplicator() {
        return decoder.deduplicator();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
