package io.quorate.exporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quorate.events.Event;
import io.quorate.events.HybridClock;
import io.quorate.events.check.CheckedFold;
import io.quorate.events.check.ContiguousSequences;
import io.quorate.events.check.FenceBeforeRecover;
import io.quorate.events.check.NoResourceOnTwoNodes;
import io.quorate.events.check.NoWriteWithoutMajority;
import io.quorate.events.check.Violation;
import io.quorate.events.fold.NodeView;
import io.quorate.events.fold.Quorate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster exporter's model: folds the event stream (the same fold and checkers as replay) and
 * keeps what no single node can say honestly: when each node was last heard of, failovers measured
 * across nodes, invariant violations seen in the stream. It keeps working while nodes are
 * partitioned, since it only reads the topic. Thread-safe: one thread applies, scrapes read.
 */
public final class StreamExporter {
    /** A node heard of within this long counts for the exporter's own quorate verdict. */
    private static final Duration FRESH = Duration.ofSeconds(75);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CheckedFold fold = new CheckedFold();
    private final FailoverTracker failovers = new FailoverTracker();
    private final Map<String, Long> lastEventMs = new ConcurrentHashMap<>();
    private final Counter consumed;
    private final Counter badRecords;
    private final MultiGauge lastEvent;
    private final MultiGauge fencing;
    private volatile boolean quorate;
    /** Fences that ended since the last scrape: an IPMI fence is shorter than a scrape interval, yet must show. */
    private final java.util.Set<String> fencesEndedUnshown = new java.util.TreeSet<>();
    private int violationsSeen;

    public StreamExporter() {
        consumed = Counter.builder("quorate.exporter.events.consumed").description("Events read from the topic").register(registry);
        badRecords = Counter.builder("quorate.exporter.bad.records").description("Foreign or malformed records skipped")
                .register(registry);
        lastEvent = MultiGauge.builder("quorate.exporter.node.last.event").baseUnit("seconds")
                .description("Seconds since the stream last carried an event of the node").register(registry);
        fencing = MultiGauge.builder("quorate.exporter.fence.in.progress").description("1 while a fence of the node runs")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("quorate.exporter.quorate", () -> quorate ? 1 : 0)
                .description("1 when the stream shows a quorate partition").register(registry);
        for (String check : List.of(NoResourceOnTwoNodes.NAME, FenceBeforeRecover.NAME, NoWriteWithoutMajority.NAME,
                ContiguousSequences.NAME)) {
            violations(check);
        }
    }

    /** Folds a batch of events (sorted here into causal order) and records what it shows. */
    public synchronized void apply(List<Event> batch) {
        List<Event> ordered = new ArrayList<>(batch);
        ordered.sort(HybridClock.EVENT_ORDER);
        for (Event event : ordered) {
            consumed.increment();
            if (!(event.data() instanceof io.quorate.events.ChaosEvent)) { // a chaos runner is no node to miss between runs
                lastEventMs.merge(event.node(), event.time().toEpochMilli(), Math::max);
            }
            fold.apply(event);
            if (event.data() instanceof io.quorate.events.FenceEvent.Succeeded succeeded) {
                fencesEndedUnshown.add(succeeded.node());
            } else if (event.data() instanceof io.quorate.events.FenceEvent.Failed failed) {
                fencesEndedUnshown.add(failed.node());
            }
            failovers.apply(event).ifPresent(failover -> Timer.builder("quorate.exporter.failover")
                    .description("A resource's fault to running again on another node, across nodes").tag("sid", failover.sid())
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry).record(failover.duration()));
        }
        List<Violation> seen = fold.violations();
        for (Violation violation : seen.subList(violationsSeen, seen.size())) {
            violations(violation.invariant()).increment();
        }
        violationsSeen = seen.size();
    }

    public void badRecord() {
        badRecords.increment();
    }

    private Counter violations(String check) {
        return Counter.builder("quorate.exporter.invariant.violations").description("Invariant violations seen in the stream")
                .tag("check", check).register(registry);
    }

    /** The Prometheus exposition at wall time {@code nowMs}. */
    public synchronized String scrape(long nowMs) {
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        lastEventMs.forEach((node, at) -> ages.add(MultiGauge.Row.of(Tags.of("node", node), Math.max(0, nowMs - at) / 1000.0)));
        lastEvent.register(ages, true);
        List<MultiGauge.Row<?>> fences = new ArrayList<>();
        java.util.Set<String> targets = new java.util.TreeSet<>(fold.state().fencesInProgress().keySet());
        targets.addAll(fencesEndedUnshown);
        targets.forEach(target -> fences.add(MultiGauge.Row.of(Tags.of("target", target), 1)));
        fencing.register(fences, true);
        fencesEndedUnshown.clear();
        boolean anyQuorate = false;
        for (NodeView view : fold.state().nodes().values()) {
            Long at = lastEventMs.get(view.name());
            anyQuorate |= view.quorate() == Quorate.YES && at != null && nowMs - at <= FRESH.toMillis();
        }
        quorate = anyQuorate;
        return registry.scrape();
    }

    /** Violations seen so far, for logs and tests. */
    public synchronized List<Violation> violations() {
        return List.copyOf(fold.violations());
    }
}
