package io.quorate.chaos.events;

import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.HybridClock;
import io.quorate.events.kafka.KafkaEvents;
import io.quorate.events.kafka.KafkaLogging;
import io.quorate.events.kafka.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a chaos run's events as a pseudo-node of the cluster ({@value #NODE}): the nodes' envelope,
 * CloudEvents headers and key, one incarnation per publisher (the run's start, in epoch ms, so it
 * grows from run to run) and a gap-free sequence. Each {@link #publish} waits for the broker's
 * acknowledgement, so the event is on the topic before the run's next step. A sequence number is
 * used up only by an acknowledged event: a failed send leaves no gap (the event is missing, and the
 * caller says so).
 */
public final class ChaosEventPublisher implements AutoCloseable {
    public static final String NODE = "chaos-runner";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String cluster;
    private final long incarnation;
    private final HybridClock clock = new HybridClock();
    private final String bootstrapServers;
    private long seq;

    public ChaosEventPublisher(KafkaSettings kafka, String topic, String cluster, long incarnation) {
        KafkaLogging.quiet();
        this.producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "quorate-chaos-runner",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
        this.topic = topic;
        this.cluster = cluster;
        this.incarnation = incarnation;
        this.bootstrapServers = kafka.bootstrapServers();
    }

    /**
     * Stamps {@code data} at {@code time}, sends it and waits for the broker.
     *
     * @throws IllegalStateException naming the broker and the event type when it is not acknowledged
     */
    public synchronized Event publish(EventData data, Instant time) {
        long physicalMs = time.toEpochMilli();
        Event event = Event.of(cluster, NODE, incarnation, seq + 1, time, data, clock.now(physicalMs));
        try {
            producer.send(KafkaEvents.toRecord(topic, event)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("event " + event.type() + " not published to Kafka " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.type(), e);
        }
        seq++;
        return event;
    }

    /** The sequence number of the last acknowledged event (0 before the first). */
    public synchronized long lastSeq() {
        return seq;
    }

    public long incarnation() {
        return incarnation;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
