package io.quorate.cli;

import io.quorate.events.Event;
import io.quorate.events.EventStream;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.HybridClock;
import io.quorate.events.kafka.EmbeddedKafkaBroker;
import io.quorate.events.kafka.KafkaEventReader;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.LatencyHistogram;
import io.quorate.events.kafka.SpoolPublisher;
import io.quorate.events.spool.Spool;
import io.quorate.events.spool.SpoolOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Event bus figures from one process: the heartbeat stream of a simulated cluster (every heartbeat
 * an event, each simulated node its own stream and Kafka key) through one spool and one publisher
 * to a real broker, read back by a consumer in the same process. Three phases: as fast as possible
 * (throughput, counted when consumed), a steady rate (end-to-end latency, stamp to consumption), and
 * a broker outage at that rate (the spool's drain rate once the broker is back).
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Event bus figures: publish throughput, end-to-end latency of a simulated cluster's heartbeat",
                "stream, and the spool's drain rate after a broker outage. Uses a real embedded KRaft broker",
                "unless --kafka names one (then the outage phase is skipped)."})
final class BenchEvents implements Callable<Integer> {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--nodes", defaultValue = "32", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--events", defaultValue = "500000", description = "Events of the throughput phase (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", defaultValue = "7936",
            description = "Events/s of the latency and outage phases (default ${DEFAULT-VALUE}: 32 nodes heartbeating"
                    + " 31 peers 4 times a second, each heartbeat recorded when sent and when received).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "Length of the latency phase in s (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--outage", defaultValue = "60s", converter = DurationMillisConverter.class,
            description = "Broker outage of the drain phase (default ${DEFAULT-VALUE}; 0 skips it).")
    long outageMs;

    private List<EventStream> streams = new ArrayList<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong consumed = new AtomicLong();
    private volatile long measureFromMs = Long.MAX_VALUE;
    private volatile boolean consuming = true;
    private long emitted;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || events < 1 || rate < 1 || seconds < 1 || outageMs < 0) {
            throw new CliException("--nodes >= 2, --events, --rate and --seconds >= 1, --outage >= 0", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path base = Files.createTempDirectory("quorate-bench-events-");
        Optional<KafkaSettings> named = kafka.settings();
        EmbeddedKafkaBroker broker = named.isPresent() ? null : EmbeddedKafkaBroker.start(base.resolve("kafka"));
        KafkaSettings settings = named.orElseGet(() -> settingsOf(broker.bootstrapServers()));
        String topic = kafka.topic().equals(KafkaSettings.DEFAULT_TOPIC) ? "quorate.bench." + System.currentTimeMillis() : kafka.topic();
        if (broker != null) {
            broker.createTopic(topic + ".throughput", 6);
            broker.createTopic(topic, 6);
        }
        try {
            out.printf("%d simulated nodes, one spool and publisher per phase, broker %s%n", nodes, settings.bootstrapServers());
            throughput(out, base, settings, topic + ".throughput");
            Spool spool = openSpool(base.resolve("spool-steady"));
            SpoolPublisher publisher = new SpoolPublisher(spool, settings, topic).start();
            Thread consumer = new Thread(() -> consume(settings, topic), "bench-consumer");
            consumer.start();
            try {
                latency(out);
                if (outageMs > 0 && broker != null) {
                    drainAfterOutage(out, broker);
                } else if (outageMs > 0) {
                    out.println("outage phase skipped: it stops the broker, and --kafka names one this bench does not own");
                }
            } finally {
                consuming = false;
                consumer.join(10_000);
                publisher.close();
                spool.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            BenchCommand.deleteTree(base);
        }
        return 0;
    }

    /** A spool with room for every phase, and one event stream per simulated node writing into it. */
    private Spool openSpool(Path dir) throws java.io.IOException {
        Spool spool = Spool.open(dir, SpoolOptions.DEFAULT.withBoundBytes(4L << 30));
        streams = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            streams.add(new EventStream("bench", "n" + i, 1, spool, new HybridClock()));
        }
        return spool;
    }

    private static KafkaSettings settingsOf(String servers) {
        try {
            return KafkaSettings.of(servers);
        } catch (KafkaSettings.KafkaSettingsException e) {
            throw new CliException(e.getMessage());
        }
    }

    /**
     * As fast as one thread can emit, into a spool of its own whose publisher alone runs (no consumer):
     * the rate counts events the broker confirmed.
     */
    private void throughput(PrintWriter out, Path base, KafkaSettings settings, String topic) throws Exception {
        Spool spool = openSpool(base.resolve("spool-throughput"));
        SpoolPublisher publisher = new SpoolPublisher(spool, settings, topic).start();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                emit();
            }
            double emitSeconds = (System.nanoTime() - start) / 1e9;
            if (!io.quorate.runtime.Poll.until(LIMIT, Duration.ofMillis(5), () -> publisher.stats().published() >= events)) {
                throw new CliException("bench: the broker did not confirm " + events + " events within " + LIMIT.toMinutes() + " min");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("throughput: %,d events emitted in %.2f s (%,.0f/s into the spool); all confirmed by the broker after"
                    + " %.2f s: %,.0f events/s published%n", events, emitSeconds, events / emitSeconds, seconds, events / seconds);
            out.flush();
        } finally {
            publisher.close();
            spool.close();
            emitted = 0;
        }
    }

    /** A steady rate; latency is stamp to consumption, of the events of this phase only. */
    private void latency(PrintWriter out) throws Exception {
        // warm-up: the consumer has its partitions and the producer its connection before anything is measured
        paced(2000);
        awaitConsumed("the warm-up");
        measureFromMs = System.currentTimeMillis();
        paced(seconds * 1000L);
        awaitConsumed("the latency phase");
        out.printf("latency at %,d events/s for %d s: p50 %d ms, p99 %d ms, max %d ms (%,d events)%n", rate, seconds,
                latency.percentile(0.5), latency.percentile(0.99), latency.max(), latency.count());
        out.flush();
    }

    /** The broker stops for the outage while emission goes on; then the time until the backlog is consumed. */
    private void drainAfterOutage(PrintWriter out, EmbeddedKafkaBroker broker) throws Exception {
        measureFromMs = Long.MAX_VALUE;
        Path dir = broker.dir();
        broker.close();
        long before = emitted;
        paced(outageMs);
        long backlog = emitted - consumed.get();
        long start = System.nanoTime();
        EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir);
        try {
            awaitConsumed("the drain after the outage");
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("outage of %d s at %,d events/s: %,d events spooled meanwhile, backlog %,d drained in %.2f s"
                    + " after the broker was back (restart included): %,.0f events/s%n", outageMs / 1000, rate,
                    emitted - before, backlog, seconds, backlog / seconds);
        } finally {
            again.close();
        }
    }

    private void paced(long durationMs) {
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        long due = start;
        long end = start + durationMs * 1_000_000L;
        while (due < end) {
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000L)); // pacing the emission, not synchronisation
                continue;
            }
            emit();
            due += periodNanos;
        }
    }

    private void emit() {
        int from = (int) (emitted % nodes);
        int to = (from + 1 + (int) (emitted / nodes % (nodes - 1))) % nodes;
        HeartbeatEvent data = emitted % 2 == 0 ? new HeartbeatEvent.Sent(to + 1, "n" + (to + 1))
                : new HeartbeatEvent.Received(to + 1, "n" + (to + 1), 0.4);
        streams.get(from).emit(data, System.currentTimeMillis());
        emitted++;
    }

    private void awaitConsumed(String what) throws Exception {
        long target = emitted;
        if (!io.quorate.runtime.Poll.until(LIMIT, Duration.ofMillis(5), () -> consumed.get() >= target)) {
            throw new CliException("bench: " + what + " did not drain within " + LIMIT.toMinutes() + " min ("
                    + consumed.get() + " of " + target + " consumed)");
        }
    }

    private void consume(KafkaSettings settings, String topic) {
        try (KafkaEventReader reader = new KafkaEventReader(settings, topic, problem -> { })) {
            while (consuming) {
                for (Event event : reader.poll(Duration.ofMillis(100))) {
                    long sentMs = event.time().toEpochMilli();
                    if (sentMs >= measureFromMs) {
                        latency.record(System.currentTimeMillis() - sentMs);
                    }
                    consumed.incrementAndGet();
                }
            }
        }
    }
}
