package io.quorate.ha.conformance;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The CRM master's decisions in one run, as {@code ../shared/pve-ha-tests/README.md} ("What counts
 * as passing") defines them: per service the ordered state changes with node and target, per node
 * the ordered node-state changes, and the ordered fencing acknowledgements. Order across services or
 * nodes is not part of it; times are carried for messages but are not compared (use
 * {@link DecisionComparison}, not {@code equals}, to judge a run).
 *
 * @param services  per sid (sorted), its changes in order
 * @param nodes     per node (sorted), its changes in order
 * @param fenceAcks fencing acknowledgements in order
 */
public record Decisions(SortedMap<String, List<ServiceChange>> services,
        SortedMap<String, List<NodeChange>> nodes, List<FenceAck> fenceAcks) {

    public Decisions {
        services = copy(services);
        nodes = copy(nodes);
        fenceAcks = List.copyOf(fenceAcks);
    }

    private static <T> SortedMap<String, List<T>> copy(Map<String, List<T>> map) {
        SortedMap<String, List<T>> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        return Collections.unmodifiableSortedMap(sorted);
    }

    /** The changes of one service, empty when it has none. */
    public List<ServiceChange> service(String sid) {
        return services.getOrDefault(sid, List.of());
    }

    /** The states one node went through (the {@code to} side of each change), in order. */
    public List<String> nodeStates(String node) {
        return nodes.getOrDefault(node, List.of()).stream().map(NodeChange::state).toList();
    }

    /** The fenced nodes, in acknowledgement order. */
    public List<String> fencedNodes() {
        return fenceAcks.stream().map(FenceAck::node).toList();
    }

    /** Each service's last change: its final state ({@value ServiceChange#REMOVED} if removed) and node. */
    public SortedMap<String, ServiceChange> finalStates() {
        SortedMap<String, ServiceChange> result = new TreeMap<>();
        services.forEach((sid, changes) -> {
            if (!changes.isEmpty()) {
                result.put(sid, changes.get(changes.size() - 1));
            }
        });
        return Collections.unmodifiableSortedMap(result);
    }
}
