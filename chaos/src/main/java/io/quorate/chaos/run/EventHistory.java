package io.quorate.chaos.run;

import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.TopicScan;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.TopicReplayReader;
import java.time.Instant;

/**
 * The run's event history from the lab's Kafka topic, replayed with the same fold and checkers as
 * {@code quorate replay}: the invariant probes and the final checks read it.
 */
final class EventHistory {
    private final KafkaSettings kafka;
    private final String topic;

    EventHistory(String bootstrapServers) {
        try {
            this.kafka = KafkaSettings.of(bootstrapServers);
        } catch (KafkaSettings.KafkaSettingsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.topic = KafkaSettings.DEFAULT_TOPIC;
    }

    /** Replays {@code [from, to]}; foreign or damaged records are skipped and counted in the report's read counts. */
    ReplayReport replay(Instant from, Instant to) {
        ReplayWindow window = new ReplayWindow(from, to, null);
        try {
            TopicReplayReader.Result read = TopicReplayReader.read(kafka, topic, window, problem -> { });
            return Replay.run(read.events(), window, read.counts());
        } catch (TopicScan.TopicScanException e) {
            throw new FaultException("cannot read the event history from Kafka " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
