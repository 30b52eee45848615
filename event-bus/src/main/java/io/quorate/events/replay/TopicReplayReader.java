package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads what a replay window needs from the event topic: from {@link ReplayWindow#readFrom()} (so each
 * node's last snapshot before the window is included) up to the end offsets at the start, passing
 * over records stamped after the window without decoding them. Events of one node published late
 * (after a broker outage) are still found: the whole rest of the topic is scanned.
 */
public final class TopicReplayReader {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private TopicReplayReader() {
    }

    /** The events read and what reading found. */
    public record Result(List<Event> events, ReadCounts counts) {
    }

    public static Result read(KafkaSettings settings, String topic, ReplayWindow window, Consumer<String> problems)
            throws TopicScan.TopicScanException {
        try (TopicScan scan = new TopicScan(settings, topic, window.readFrom(), problems)) {
            scan.skipRecordsAfter(window.to());
            List<Event> events = new ArrayList<>();
            scan.readToEnd(events::add, READ_TIMEOUT);
            return new Result(events, new ReadCounts(scan.records(), scan.events(), scan.badRecords(), scan.duplicates()));
        }
    }
}
