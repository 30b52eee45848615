package io.quorate.exporter;

import io.quorate.events.kafka.KafkaEventReader;
import io.quorate.events.kafka.KafkaSettings;
import java.time.Duration;

/** Reads the event topic from its beginning, forever, into the exporter (a thread of its own). */
public final class TopicFollower implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TopicFollower.class.getName());
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(KafkaSettings settings, String topic, StreamExporter exporter) {
        this.thread = new Thread(() -> follow(settings, topic, exporter), "exporter-follower");
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    private void follow(KafkaSettings settings, String topic, StreamExporter exporter) {
        try (KafkaEventReader reader = new KafkaEventReader(settings, topic, problem -> {
            exporter.badRecord();
            LOG.log(System.Logger.Level.WARNING, "skipped a record: " + problem);
        })) {
            while (running) {
                exporter.apply(reader.poll(Duration.ofMillis(500)));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reading " + topic + " stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
