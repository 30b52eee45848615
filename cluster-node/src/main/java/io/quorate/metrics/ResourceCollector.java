package io.quorate.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.quorate.events.SnapshotEvent;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/**
 * The two families that grow with the HA resources, {@code quorate_ha_resource_state} (one series
 * per resource and CRM state) and {@code quorate_ha_resource_node}, written straight into the
 * Prometheus snapshot at scrape time instead of as one Micrometer meter per series: a node with
 * 1,000 resources has 11,000 of them, and per-meter bookkeeping would dominate every scrape.
 */
final class ResourceCollector implements MultiCollector {
    private final String cluster;
    private final String node;
    private final List<String> states;
    private volatile Map<String, SnapshotEvent.ServiceView> resources = Map.of();

    ResourceCollector(String cluster, String node, List<String> states) {
        this.cluster = cluster;
        this.node = node;
        this.states = states;
    }

    void set(Map<String, SnapshotEvent.ServiceView> current) {
        resources = Map.copyOf(current);
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("quorate_ha_resource_state")
                .help("1 for the resource's CRM state, 0 for its other states");
        GaugeSnapshot.Builder placed = GaugeSnapshot.builder().name("quorate_ha_resource_node")
                .help("1 for the node the resource is on");
        resources.forEach((sid, placement) -> {
            for (String known : states) {
                state.dataPoint(point(Labels.of("cluster", cluster, "node", node, "sid", sid, "state", known),
                        known.equals(placement.state()) ? 1 : 0));
            }
            if (!states.contains(placement.state())) {
                state.dataPoint(point(Labels.of("cluster", cluster, "node", node, "sid", sid, "state", placement.state()), 1));
            }
            if (placement.node() != null) {
                placed.dataPoint(point(Labels.of("cluster", cluster, "node", node, "on", placement.node(), "sid", sid), 1));
            }
        });
        return new MetricSnapshots(state.build(), placed.build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("quorate_ha_resource_state", "quorate_ha_resource_node");
    }
}
