package io.quorate.events.kafka;

import io.quorate.events.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the event topic from a point in time: every partition is sought to its first record stamped
 * at or after {@code since} ({@code offsetsForTimes}; records are stamped with their event's time),
 * or to its beginning. The end offsets at the start are remembered, so a reader can tell when it has
 * read everything that was there ({@link #atEnd()}) and may stop, or keep polling to follow.
 *
 * <p>Each event is returned once (repeats from a resent batch are dropped by id); records that are not
 * valid events are counted, reported to the problem handler and skipped. No consumer group, no
 * topic auto-creation. Not thread-safe (as the Kafka consumer it wraps).
 */
public final class TopicScan implements AutoCloseable {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Map<TopicPartition, Long> endOffsets;
    private final RecordDecoder decoder;
    private long skipAfterMs = Long.MAX_VALUE;
    private long records;
    private long events;
    private long skipped;

    /**
     * @param since    where to start (null: the beginning of every partition)
     * @param problems receives one line per bad record (topic-partition@offset and the problem)
     */
    public TopicScan(KafkaSettings settings, String topic, Instant since, Consumer<String> problems) throws TopicScanException {
        KafkaLogging.quiet();
        this.topic = topic;
        this.decoder = new RecordDecoder(problems);
        Properties props = settings.clientProperties(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "quorate-scan",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20),
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            this.endOffsets = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
            seek(partitions, since);
        } catch (KafkaException | TopicScanException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e instanceof TopicScanException ? (TopicScanException) e
                    : new TopicScanException("cannot read topic " + topic + " from Kafka " + settings.bootstrapServers()
                    + ": " + e.getMessage());
        }
    }

    private List<TopicPartition> partitions() throws TopicScanException {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new TopicScanException("no topic " + topic + " on the Kafka cluster");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        return partitions;
    }

    private void seek(List<TopicPartition> partitions, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, Math.max(0, since.toEpochMilli())));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, METADATA_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp found = offsets.get(partition);
            // nothing stamped that late: start at the end (a follower sees only what comes next)
            consumer.seek(partition, found != null ? found.offset() : endOffsets.get(partition));
        }
    }

    /**
     * Records stamped after {@code time} are passed over without decoding (and not counted as bad):
     * a replay needs nothing after its window.
     */
    public void skipRecordsAfter(Instant time) {
        skipAfterMs = time.toEpochMilli();
    }

    /** Whether everything that was in the topic when the scan started has been read. */
    public boolean atEnd() {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** New events that arrived within {@code timeout} (possibly none), in partition order. */
    public List<Event> poll(Duration timeout) {
        List<Event> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            records++;
            if (record.timestamp() > skipAfterMs) {
                skipped++;
                continue;
            }
            Event event = decoder.firstSeen(record);
            if (event != null) {
                events++;
                batch.add(event);
            }
        }
        return batch;
    }

    /** Reads up to the end offsets the topic had at the start, handing each event to {@code sink}. */
    public void readToEnd(Consumer<Event> sink, Duration timeout) throws TopicScanException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!atEnd()) {
            if (System.nanoTime() > deadline) {
                throw new TopicScanException("could not read topic " + topic + " to its end within " + timeout.toSeconds()
                        + " s (read " + records + " records)");
            }
            poll(Duration.ofMillis(200)).forEach(sink);
        }
    }

    /** Records read (including bad and skipped ones). */
    public long records() {
        return records;
    }

    /** Distinct events returned. */
    public long events() {
        return events;
    }

    /** Foreign or malformed records skipped. */
    public long badRecords() {
        return decoder.badRecords();
    }

    /** Records passed over because they are stamped after {@link #skipRecordsAfter}. */
    public long skipped() {
        return skipped;
    }

    /** Repeats of events already returned. */
    public long duplicates() {
        return decoder.deduplicator().duplicates();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    /** The topic cannot be read: missing, unreachable, or too slow; worded for the command line. */
    public static final class TopicScanException extends Exception {
        public TopicScanException(String message) {
            super(message);
        }
    }
}
