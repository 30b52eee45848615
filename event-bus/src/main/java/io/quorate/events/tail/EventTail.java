package io.quorate.events.tail;

import io.quorate.events.Event;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.TopicScan;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code quorate events tail}: hands every matching event of the topic, once, in arrival order (each
 * node's events in their order), to a printer. Without {@code follow} it reads what the topic held
 * when it started and returns; with it, it keeps reading until {@code stop} says so.
 */
public final class EventTail {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private EventTail() {
    }

    /** What a tail saw: events printed and records passed over. */
    public record Result(long printed, long records, long badRecords, long duplicates) {
    }

    /**
     * @param problems receives one line per foreign or malformed record
     * @param stop     polled between reads while following; ignored without {@code follow}
     */
    public static Result run(KafkaSettings settings, String topic, EventFilter filter, boolean follow, BooleanSupplier stop,
                             Consumer<Event> out, Consumer<String> problems) throws TopicScan.TopicScanException {
        long[] printed = {0};
        Consumer<Event> print = event -> {
            if (filter.matches(event)) {
                out.accept(event);
                printed[0]++;
            }
        };
        try (TopicScan scan = new TopicScan(settings, topic, filter.from(), problems)) {
            scan.readToEnd(print, READ_TIMEOUT);
            while (follow && !stop.getAsBoolean()) {
                scan.poll(POLL).forEach(print);
            }
            return new Result(printed[0], scan.records(), scan.badRecords(), scan.duplicates());
        }
    }
}
