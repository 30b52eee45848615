package io.quorate.exporter;

import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.MembershipEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failover durations measured across nodes, which no single node can: from the first sign that a
 * resource's node failed (another node saw it leave the membership, a fence of it was requested, or
 * the guest died there) to the resource's guest starting on another node. Events must come in
 * causal order.
 */
final class FailoverTracker {
    /** A measured failover. */
    record Failover(String sid, String from, String to, Duration duration) {
    }

    /** Where each resource's guest last started, and since when that node is known to have failed. */
    private final Map<String, String> runningOn = new HashMap<>();
    private final Map<String, Instant> failedSince = new HashMap<>();

    Optional<Failover> apply(Event event) {
        Object data = event.data();
        if (data instanceof GuestEvent.Started started) {
            String previous = runningOn.put(started.sid(), event.node());
            Instant failed = failedSince.remove(started.sid());
            if (previous != null && failed != null && !previous.equals(event.node())) {
                return Optional.of(new Failover(started.sid(), previous, event.node(), Duration.between(failed, event.time())));
            }
        } else if (data instanceof GuestEvent.Died died) {
            nodeFailed(event.node(), died.sid(), event.time());
        } else if (data instanceof MembershipEvent.MemberLeft left && !left.name().equals(event.node())) {
            nodeFailed(left.name(), null, event.time());
        } else if (data instanceof FenceEvent.Requested requested) {
            nodeFailed(requested.node(), null, event.time());
        }
        return Optional.empty();
    }

    /** The first sign counts: later ones (the fence after the node left) do not move the start. */
    private void nodeFailed(String node, String onlySid, Instant at) {
        runningOn.forEach((sid, on) -> {
            if (on.equals(node) && (onlySid == null || onlySid.equals(sid))) {
                failedSince.putIfAbsent(sid, at);
            }
        });
    }
}
