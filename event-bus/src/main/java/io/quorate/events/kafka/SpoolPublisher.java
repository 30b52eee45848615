package io.quorate.events.kafka;

import io.quorate.events.EventJson;
import io.quorate.events.spool.Spool;
import io.quorate.events.spool.SpoolCursor;
import io.quorate.events.spool.SpoolRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a spool to Kafka on a thread of its own: reads from the acknowledged position, sends
 * with an idempotent producer ({@code acks=all}, lz4, batching), and advances the acknowledged
 * position only past records the broker confirmed, in spool order. When a send fails (broker
 * unreachable past the delivery timeout, or any other error) the producer is dropped, the cursor
 * goes back to the acknowledged position and, after a growing backoff, everything from there is
 * sent again: nothing is lost, a resent record may arrive twice and consumers de-duplicate by id.
 * The node never waits for any of this.
 */
public final class SpoolPublisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SpoolPublisher.class.getName());
    private static final int READ_BATCH = 1000;
    private static final int MAX_IN_FLIGHT = 20_000;
    private static final long ACK_INTERVAL_MS = 100;
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Producer settings this publisher relies on; a pass-through file cannot change them. */
    private static final Map<String, Object> REQUIRED = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    private final Spool spool;
    private final KafkaSettings settings;
    private final String topic;
    private final SpoolCursor cursor;
    private final Wakeup wakeup = new Wakeup();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    // read from the spool, not yet handed to the producer
    private final ArrayDeque<SpoolRecord> unsent = new ArrayDeque<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private final long stallMs;
    private volatile String lastError;
    private volatile long lastConfirmedAtMs;
    /**
     * Set by the producer's callback when any send failed. Nothing more may be sent after a failed
     * record: a later one could reach the broker before the failed one is resent, and a node's
     * events would no longer be in order in the topic.
     */
    private volatile boolean sendFailed;
    private volatile String sendError;
    private volatile boolean running = true;
    private Producer<String, byte[]> producer;
    private SpoolRecord confirmed;
    private SpoolRecord stored;
    private long storedAtMs;

    /** A record handed to the producer, waiting for the broker. */
    private record InFlight(SpoolRecord record, long eventTimeMs, long sentAtNanos, Future<RecordMetadata> result) {
    }

    public SpoolPublisher(Spool spool, KafkaSettings settings, String topic) {
        KafkaLogging.quiet();
        this.spool = spool;
        this.settings = settings;
        this.topic = topic;
        this.cursor = spool.cursor();
        this.stallMs = deliveryTimeoutMs(settings);
        this.thread = new Thread(this::run, "spool-publisher");
        this.thread.setDaemon(true);
        spool.onCommit(wakeup::signal);
    }

    public SpoolPublisher(Spool spool, KafkaSettings settings) {
        this(spool, settings, KafkaSettings.DEFAULT_TOPIC);
    }

    public SpoolPublisher start() {
        thread.start();
        return this;
    }

    public String topic() {
        return topic;
    }

    /** Wall time (ms) of the last record the broker confirmed; 0 before the first. */
    public long lastConfirmedAtMs() {
        return lastConfirmedAtMs;
    }

    public PublisherStats stats() {
        return new PublisherStats(published.get(), spool.pendingRecords(), sendFailures.get(), skipped.get(), lastError,
                latency.percentile(0.5), latency.percentile(0.99), latency.max());
    }

    private static long deliveryTimeoutMs(KafkaSettings settings) {
        try {
            return Long.parseLong(settings.properties().getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000").trim());
        } catch (NumberFormatException e) {
            return 30_000; // the producer itself will refuse the value and say so
        }
    }

    /** Producer properties: defaults, then the pass-through file, then what idempotent publishing requires. */
    Properties producerProperties() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "quorate-publisher");
        defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        defaults.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        defaults.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        defaults.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        defaults.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        Properties props = settings.clientProperties(defaults);
        for (Map.Entry<String, Object> required : REQUIRED.entrySet()) {
            Object given = props.get(required.getKey());
            if (given != null && !given.equals(required.getValue()) && settings.properties().containsKey(required.getKey())) {
                LOG.log(System.Logger.Level.WARNING, "ignoring " + required.getKey() + " from the Kafka client config: "
                        + "the event publisher needs " + required.getValue());
            }
            props.put(required.getKey(), required.getValue());
        }
        return props;
    }

    private void run() {
        long backoffMs = MIN_BACKOFF_MS;
        while (running) {
            try {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerProperties());
                }
                send();
                collect();
                if (sendFailed) {
                    throw new SendFailedException(sendError);
                }
                checkStalled();
                storeAcknowledged(false);
                backoffMs = MIN_BACKOFF_MS;
                wakeup.await(ACK_INTERVAL_MS);
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                fail(e);
                try {
                    wakeup.sleep(backoffMs, () -> !running);
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        }
        finish();
    }

    /** Hands committed spool records to the producer, up to the in-flight limit. */
    private void send() throws IOException {
        while (inFlight.size() < MAX_IN_FLIGHT && running && !sendFailed) {
            if (unsent.isEmpty()) {
                unsent.addAll(cursor.poll(Math.min(READ_BATCH, MAX_IN_FLIGHT - inFlight.size())));
                if (unsent.isEmpty()) {
                    return;
                }
            }
            SpoolRecord record = unsent.pollFirst();
            EventEnvelope envelope;
            try {
                envelope = EventEnvelope.parse(record.json());
            } catch (EventJson.EventFormatException e) {
                // intact on disk (CRC) but not an event: nothing a resend could fix
                skipped.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "skipping spool record at " + record.start() + ": " + e.getMessage());
                inFlight.add(new InFlight(record, -1, System.nanoTime(), CompletableFuture.completedFuture(null)));
                continue;
            }
            Future<RecordMetadata> result = producer.send(KafkaEvents.toRecord(topic, envelope, record.json()),
                    (metadata, error) -> {
                        if (error != null && !(error instanceof RecordTooLargeException)) {
                            sendError = error.getClass().getSimpleName() + ": " + error.getMessage();
                            sendFailed = true;
                        }
                        wakeup.signal();
                    });
            inFlight.add(new InFlight(record, envelope.time().toEpochMilli(), System.nanoTime(), result));
            if (refused(result)) {
                // refused at once (e.g. no metadata within max.block.ms): stop rather than wait that
                // long for every record; collect() turns it into a resend from the spool
                return;
            }
        }
    }

    private static boolean refused(Future<RecordMetadata> result) {
        if (!result.isDone()) {
            return false;
        }
        try {
            result.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Takes confirmed records off the head of the in-flight queue, in spool order. */
    private void collect() throws ExecutionException, InterruptedException {
        long now = System.currentTimeMillis();
        while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
            InFlight head = inFlight.peekFirst();
            boolean sent = true;
            try {
                head.result().get(); // throws when the broker refused or the delivery timed out
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw e;
                }
                // refused before it was given a producer sequence: resending cannot help, skipping loses only it
                sent = false;
                skipped.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "event at spool " + head.record().start() + " is too large for Kafka, skipped: "
                        + e.getCause().getMessage());
            }
            inFlight.pollFirst();
            confirmed = head.record();
            if (sent && head.eventTimeMs() >= 0) {
                published.incrementAndGet();
                lastConfirmedAtMs = System.currentTimeMillis();
                latency.record(now - head.eventTimeMs());
            }
            if (lastError != null) {
                LOG.log(System.Logger.Level.INFO, "publishing events to Kafka works again");
                lastError = null;
            }
        }
    }

    /**
     * An idempotent producer that lost its broker keeps its records (it cannot expire them while it
     * waits to re-establish its producer id), so an outage shows up here: unconfirmed past the
     * delivery timeout is reported; past twice that the producer is replaced and the spool resent.
     */
    private void checkStalled() throws StalledException {
        InFlight head = inFlight.peekFirst();
        if (head == null) {
            return;
        }
        long waitedMs = (System.nanoTime() - head.sentAtNanos()) / 1_000_000;
        if (waitedMs > 2 * stallMs) {
            throw new StalledException("no confirmation from Kafka for " + waitedMs / 1000 + " s");
        }
        if (waitedMs > stallMs && lastError == null) {
            lastError = "no confirmation from Kafka for " + waitedMs / 1000 + " s (unreachable?); events wait in the spool";
            LOG.log(System.Logger.Level.WARNING, lastError);
        }
    }

    /** A record behind the confirmed ones failed: everything from the acknowledged position goes again, in order. */
    private static final class SendFailedException extends Exception {
        SendFailedException(String error) {
            super(error);
        }
    }

    private static final class StalledException extends Exception {
        StalledException(String message) {
            super(message);
        }
    }

    /** Stores the acknowledged position, at most every ACK_INTERVAL_MS while records keep coming. */
    private void storeAcknowledged(boolean now) throws IOException {
        if (confirmed == null || confirmed == stored) {
            return;
        }
        long time = System.currentTimeMillis();
        if (now || inFlight.isEmpty() || time - storedAtMs >= ACK_INTERVAL_MS) {
            spool.acknowledge(confirmed);
            stored = confirmed;
            storedAtMs = time;
        }
    }

    private void fail(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause instanceof StalledException || cause instanceof SendFailedException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (lastError == null) {
            LOG.log(System.Logger.Level.WARNING, "publishing events to Kafka failed, will resend from the spool: " + message);
        }
        lastError = message;
        sendFailures.incrementAndGet();
        try {
            storeAcknowledged(true);
        } catch (IOException ack) {
            lastError = "cannot store the acknowledged position: " + ack.getMessage();
        }
        dropProducer();
        inFlight.clear();
        unsent.clear();
        cursor.rewind();
        sendFailed = false;
    }

    private void dropProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO); // aborts what is unsent: it is resent from the spool
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the Kafka producer: " + e);
            }
            producer = null;
        }
    }

    /** On close: give what is in flight a moment to be confirmed, store the position, close the producer. */
    private void finish() {
        long deadline = System.currentTimeMillis() + CLOSE_TIMEOUT.toMillis();
        try {
            if (producer != null) {
                producer.flush();
            }
            while (!inFlight.isEmpty() && System.currentTimeMillis() < deadline) {
                collect();
                if (!inFlight.isEmpty()) {
                    wakeup.await(50);
                }
            }
            storeAcknowledged(true);
        } catch (Exception e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
                producer = null;
            }
        }
    }

    /** Stops publishing; what the broker has not confirmed stays in the spool for the next start. */
    @Override
    public void close() {
        running = false;
        wakeup.signal();
        if (thread.isAlive()) {
            try {
                thread.join(CLOSE_TIMEOUT.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets the spool writer, producer callbacks and close() wake the publisher thread. */
    private static final class Wakeup {
        private boolean signalled;

        synchronized void signal() {
            signalled = true;
            notifyAll();
        }

        synchronized void await(long timeoutMs) throws InterruptedException {
            if (!signalled) {
                wait(timeoutMs);
            }
            signalled = false;
        }

        /** Backoff that ends early when {@code stop} becomes true (checked at every signal). */
        synchronized void sleep(long ms, java.util.function.BooleanSupplier stop) throws InterruptedException {
            long deadline = System.currentTimeMillis() + ms;
            for (long left = ms; left > 0 && !stop.getAsBoolean(); left = deadline - System.currentTimeMillis()) {
                wait(left);
            }
            signalled = false;
        }
    }
}
