package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.check.CheckedFold;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicPublisher;
import io.quorate.events.testing.SyntheticCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replay speed over a synthetic healthy history (5 nodes, 20 HA guests; mostly heartbeats, as a real
 * stream): the fold with every invariant checker, the whole replay (sort, cut, fold, checks, timeline,
 * lanes) from memory, and the same replay read from the embedded broker. Prints events/s.
 *
 * <p>{@code java … ReplayBench [events] [broker-events]}; or through JUnit:
 * {@code ./mvnw -o -q -pl event-bus test -Dtest=ReplayBenchTest -Dquorate.bench=true}.
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    /** One figure: what ran, how many events, how long. */
    public record Figure(String what, long events, long nanos) {
        public double perSecond() {
            return events * 1e9 / nanos;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-46s %,10d events in %,8.0f ms: %,12.0f events/s", what, events, nanos / 1e6,
                    perSecond());
        }
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int brokerEvents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        run(events, brokerEvents).forEach(System.out::println);
        System.exit(0); // the embedded broker's threads
    }

    public static List<Figure> run(int events, int brokerEvents) {
        List<Event> history = SyntheticCluster.generate(5, 20, events, 42);
        List<Figure> figures = new ArrayList<>();
        foldAndCheck(history); // warm up
        figures.add(best(3, () -> foldAndCheck(history)));
        ReplayWindow window = windowOver(history);
        Replay.run(history, window, ReadCounts.NONE);
        figures.add(best(3, () -> replay(history, window)));
        if (brokerEvents > 0) {
            figures.addAll(fromBroker(history.subList(0, Math.min(brokerEvents, history.size()))));
        }
        return figures;
    }

    private static Figure foldAndCheck(List<Event> history) {
        long start = System.nanoTime();
        CheckedFold fold = new CheckedFold();
        fold.applyAll(history);
        long nanos = System.nanoTime() - start;
        if (!fold.violations().isEmpty()) {
            throw new IllegalStateException("the synthetic history is healthy: " + fold.violations().get(0));
        }
        return new Figure("fold + 4 invariant checks (memory)", history.size(), nanos);
    }

    private static Figure replay(List<Event> history, ReplayWindow window) {
        long start = System.nanoTime();
        ReplayReport report = Replay.run(history, window, ReadCounts.NONE);
        long nanos = System.nanoTime() - start;
        if (!report.passed()) {
            throw new IllegalStateException(report.violations().get(0).toString());
        }
        return new Figure("replay: sort, fold, checks, timeline (memory)", report.folded(), nanos);
    }

    private static List<Figure> fromBroker(List<Event> history) {
        KafkaSettings kafka = KafkaTestBroker.settings();
        String topic = KafkaTestBroker.newTopic("bench.replay", 3);
        long start = System.nanoTime();
        try (TopicPublisher publisher = new TopicPublisher(kafka, topic)) {
            publisher.publish(history);
        }
        Figure publish = new Figure("(setup) publish to the embedded broker", history.size(), System.nanoTime() - start);
        ReplayWindow window = windowOver(history);
        List<Figure> figures = new ArrayList<>(List.of(publish));
        figures.addAll(replayFromBroker(kafka, topic, window, history.size(), "cold JVM"));
        figures.addAll(replayFromBroker(kafka, topic, window, history.size(), "warm JVM"));
        return figures;
    }

    /** Reads the topic and replays it; the first time in a JVM pays for class loading and JIT (as the CLI does). */
    private static List<Figure> replayFromBroker(KafkaSettings kafka, String topic, ReplayWindow window, int expected,
                                                 String jvm) {
        long start = System.nanoTime();
        TopicReplayReader.Result read;
        try {
            read = TopicReplayReader.read(kafka, topic, window, problem -> { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long readNanos = System.nanoTime() - start;
        ReplayReport report = Replay.run(read.events(), window, read.counts());
        long nanos = System.nanoTime() - start;
        if (report.folded() != expected || !report.passed()) {
            throw new IllegalStateException("replayed " + report.folded() + " of " + expected + ": " + report.violations());
        }
        return List.of(new Figure("read + decode from the broker, " + jvm, read.events().size(), readNanos),
                new Figure("replay from the broker, " + jvm, report.folded(), nanos));
    }

    private static ReplayWindow windowOver(List<Event> history) {
        Instant first = CausalOrder.instant(history.get(0));
        Instant last = history.stream().map(CausalOrder::instant).max(Instant::compareTo).orElseThrow();
        return new ReplayWindow(first, last, null);
    }

    private interface Measured {
        Figure run();
    }

    private static Figure best(int runs, Measured measured) {
        Figure best = null;
        for (int i = 0; i < runs; i++) {
            Figure figure = measured.run();
            if (best == null || figure.nanos() < best.nanos()) {
                best = figure;
            }
        }
        return best;
    }
}
