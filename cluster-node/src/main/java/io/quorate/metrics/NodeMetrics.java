package io.quorate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quorate.events.Event;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A node's metrics: one Prometheus registry with the labels {@code cluster} and {@code node} on
 * every series, the JVM and process binders, the event folds ({@link EventMetrics}) and the state
 * gauges ({@link StateMetrics}). See docs/metrics.md for every series.
 */
public final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventMetrics events;
    private final FaultMetrics faults;
    private final LongSupplier wallClock;
    private final StateMetrics state;
    private final MultiGauge publishLatency;
    private final PublishFigures publishing;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** The publisher's cumulative figures, read at scrape time from any thread. */
    public interface PublishFigures {
        long published();

        long failures();

        long dropped();

        /** Spool append to broker confirmation, in ms, at p50, p99 and max. */
        long[] latencyMs();
    }

    public NodeMetrics(String cluster, String node, String version, PublishFigures publishing) {
        this(cluster, node, version, publishing, System::currentTimeMillis);
    }

    /** @param wallClock the node's wall clock, as its event stamps read it (ages are measured against those) */
    public NodeMetrics(String cluster, String node, String version, PublishFigures publishing, LongSupplier wallClock) {
        this.wallClock = wallClock;
        registry.config().commonTags("cluster", cluster, "node", node);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("quorate.build.info", () -> 1).tag("version", version).description("1, labelled with the version")
                .register(registry);
        events = new EventMetrics(registry);
        faults = new FaultMetrics(registry);
        ResourceCollector resources = new ResourceCollector(cluster, node, StateMetrics.SERVICE_STATES);
        registry.getPrometheusRegistry().register(resources);
        state = new StateMetrics(registry, events, resources);
        counter("quorate.events.published", "Events the broker confirmed", publishing::published);
        counter("quorate.events.publish.failures", "Failed sends to Kafka", publishing::failures);
        counter("quorate.events.dropped", "Heartbeat samples dropped while the spool was over its bound", publishing::dropped);
        publishLatency = MultiGauge.builder("quorate.events.publish.latency").baseUnit("seconds")
                .description("Spool append to broker confirmation").register(registry);
        this.publishing = publishing;
    }

    private void counter(String name, String description, LongSupplier value) {
        FunctionCounter.builder(name, value, LongSupplier::getAsLong).description(description).register(registry);
    }

    /** The registry, e.g. for Vert.x's own metrics. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Folds one of the node's events; call on the core loop. */
    public void onEvent(Event event) {
        events.accept(event);
        faults.accept(event.data());
    }

    /** Sets the state gauges; call with a snapshot taken on the core loop. */
    public void update(NodeSnapshot snapshot) {
        state.update(snapshot, wallClock.getAsLong());
        long[] latency = publishing.latencyMs();
        publishLatency.register(List.of(MultiGauge.Row.of(Tags.of("quantile", "0.5"), latency[0] / 1000.0),
                MultiGauge.Row.of(Tags.of("quantile", "0.99"), latency[1] / 1000.0),
                MultiGauge.Row.of(Tags.of("quantile", "1.0"), latency[2] / 1000.0)), true);
    }

    /** Prometheus text exposition of everything, as UTF-8 bytes written once (a node with 1,000 resources serves ~1 MB). */
    public byte[] scrapeBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
        try {
            registry.scrape(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public void close() {
        gc.close();
        registry.close();
    }
}
