package io.quorate.events.kafka;

import io.quorate.events.kafka.KafkaSettings.KafkaSettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one Kafka broker of a test JVM: a real embedded KRaft broker started on first use, in a
 * temporary directory removed at exit. Every Kafka test (here and, through the event-bus test jar,
 * in other modules) uses it, so a test run pays for one broker start. Tests isolate themselves by
 * topic ({@link #newTopic}). Where a Docker engine exists a Testcontainers broker could stand in;
 * this fixture always embeds one.
 */
public final class KafkaTestBroker {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static Path dir;
    private static EmbeddedKafkaBroker broker;

    private KafkaTestBroker() {
    }

    /** The running broker, started on the first call. */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("quorate-kafka-test");
                    Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestBroker::shutdown, "kafka-test-broker-stop"));
                }
                broker = EmbeddedKafkaBroker.start(dir);
                System.out.println("embedded Kafka broker " + broker.bootstrapServers() + " started in "
                        + broker.startupTime().toMillis() + " ms");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    public static KafkaSettings settings() {
        try {
            return KafkaSettings.of(get().bootstrapServers());
        } catch (KafkaSettingsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A topic of its own for one test, created with {@code partitions} partitions. */
    public static String newTopic(String prefix, int partitions) {
        String topic = prefix + "." + TOPICS.incrementAndGet();
        try {
            get().createTopic(topic, partitions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topic;
    }

    /** Stops the broker, to test an outage; {@link #get()} starts it again at the same address. */
    public static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    private static synchronized void shutdown() {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // best effort at exit
            }
        }
    }
}
