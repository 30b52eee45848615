package io.quorate.events.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable copy of a {@link ClusterState} at one point: what {@code quorate replay --at} prints
 * and what tests compare. Collections are sorted by name.
 *
 * @param at       wall time of the last event folded (null before any)
 * @param events   events folded up to this point
 * @param guests   running guests: sid → nodes running it
 * @param locks    lock name → holder
 * @param fencing  nodes with a fence in progress
 */
public record StateSummary(Instant at, long events, String crmMaster, long configVersion, List<NodeSummary> nodes,
                           SortedMap<String, ServiceSummary> services, SortedMap<String, List<String>> guests,
                           SortedMap<String, String> locks, List<String> fencing) {

    /** One node's own view (see {@link NodeView}). */
    public record NodeSummary(String name, long incarnation, boolean up, Instant lastSeen, String ringId, List<String> members,
                              Quorate quorate, int expectedVotes, int totalVotes, int quorum, long configVersion,
                              String configLeader, String crmState, String lrmState) {
    }

    /** An HA resource's state and node; {@code target} is null unless migrating. */
    public record ServiceSummary(String state, String node, String target) {
    }

    static StateSummary of(ClusterState state) {
        List<NodeSummary> nodes = new ArrayList<>();
        for (NodeView view : state.nodes().values()) {
            nodes.add(new NodeSummary(view.name(), view.incarnation(), view.up(), view.lastSeen(), view.ringId(),
                    view.members(), view.quorate(), view.expectedVotes(), view.totalVotes(), view.quorum(),
                    view.configVersion(), view.configLeader(), view.crmState(), view.lrmState()));
        }
        SortedMap<String, ServiceSummary> services = new TreeMap<>();
        state.services().forEach((sid, service) -> services.put(sid,
                new ServiceSummary(service.state(), service.node(), service.target())));
        SortedMap<String, List<String>> guests = new TreeMap<>();
        state.runningGuests().forEach((sid, runs) -> guests.put(sid, List.copyOf(runs.keySet())));
        SortedMap<String, String> locks = new TreeMap<>();
        state.locks().forEach((lock, hold) -> locks.put(lock, hold.holder()));
        return new StateSummary(state.lastTime(), state.position(), state.crmMaster(), state.configVersion(), List.copyOf(nodes),
                services, guests, locks, List.copyOf(state.fencesInProgress().keySet()));
    }

    /** A node's summary by name, or null. */
    public NodeSummary node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst().orElse(null);
    }
}
