package io.quorate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters and histograms of a node, folded from the events it records (the same events that go
 * to Kafka): view changes, quorum transitions, heartbeat round trips, config commits and refusals,
 * restarts, relocations and fences. Fed on the core loop, one event at a time.
 */
final class EventMetrics {
    private static final Set<String> MOVES = Set.of("migrate", "relocate");

    private final MeterRegistry registry;
    private final Counter viewChanges;
    private final Timer commitLatency;
    private final Timer fenceDuration;
    private final Map<Long, Long> proposedAt = new HashMap<>();
    private final Set<String> diedHere = new HashSet<>();
    /** Peers' last heartbeat, wall ms; read by the state gauges at scrape time (another thread). */
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    /**
     * Target → whether a fence of it runs. An IPMI fence takes ~50 ms, less than a scrape interval:
     * an ended fence stays 1 until the next scrape has shown it ({@link #fencesShown}).
     */
    private final Map<String, Boolean> fencing = new ConcurrentHashMap<>();
    private final Set<String> endedUnshown = ConcurrentHashMap.newKeySet();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.viewChanges = Counter.builder("quorate.view.changes").description("Membership views installed").register(registry);
        this.commitLatency = Timer.builder("quorate.config.commit").description("A write's time from proposal to commit on this node")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.fenceDuration = Timer.builder("quorate.fence.duration").description("Fence request to proof")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        for (String to : new String[] {"gained", "lost"}) {
            transitions(to);
        }
    }

    void accept(Event event) {
        registry.counter("quorate.events.emitted", "family", event.type().substring(0, event.type().indexOf('.'))).increment();
        Object data = event.data();
        long at = event.time().toEpochMilli();
        if (data instanceof MembershipEvent.ViewAgreed) {
            viewChanges.increment();
        } else if (data instanceof QuorumEvent.Gained) {
            transitions("gained").increment();
        } else if (data instanceof QuorumEvent.Lost) {
            transitions("lost").increment();
        } else if (data instanceof HeartbeatEvent.Received received) {
            lastHeard.put(received.peer(), at);
            Timer.builder("quorate.heartbeat.rtt").description("Heartbeat round trip per peer").tag("peer", received.peer())
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(2))
                    .register(registry).record(Duration.ofNanos((long) (received.rttMs() * 1_000_000)));
        } else if (data instanceof ConfigEvent.Proposed proposed) {
            proposedAt.put(proposed.version(), at);
        } else if (data instanceof ConfigEvent.Committed committed) {
            Long proposed = proposedAt.remove(committed.version());
            if (proposed != null) {
                commitLatency.record(Duration.ofMillis(Math.max(0, at - proposed)));
            }
            proposedAt.keySet().removeIf(version -> version < committed.version()); // superseded, never to commit here
        } else if (data instanceof ConfigEvent.Rejected rejected) {
            registry.counter("quorate.config.writes.rejected", "reason", rejected.reason()).increment();
        } else if (data instanceof GuestEvent.Died died) {
            diedHere.add(died.sid());
        } else if (data instanceof GuestEvent.Started started) {
            if (diedHere.remove(started.sid())) {
                registry.counter("quorate.ha.restarts", "sid", started.sid()).increment();
            }
        } else if (data instanceof HaEvent.ServiceStateChanged changed && MOVES.contains(changed.to())) {
            registry.counter("quorate.ha.relocations", "sid", changed.sid()).increment();
        } else if (data instanceof FenceEvent.Requested requested) {
            fencing.put(requested.node(), true);
        } else if (data instanceof FenceEvent.Succeeded succeeded) {
            fenceEnded(succeeded.node(), "succeeded", succeeded.durationMs());
        } else if (data instanceof FenceEvent.Failed failed) {
            fenceEnded(failed.node(), "failed", failed.durationMs());
        }
    }

    private void fenceEnded(String node, String result, long durationMs) {
        fencing.put(node, false);
        endedUnshown.add(node);
        registry.counter("quorate.fences", "target", node, "result", result).increment();
        fenceDuration.record(Duration.ofMillis(durationMs));
    }

    private Counter transitions(String to) {
        return registry.counter("quorate.quorum.transitions", "to", to);
    }

    /** Peer name → wall ms of its last heartbeat this node received. */
    Map<String, Long> lastHeard() {
        return lastHeard;
    }

    /** Target node → 1 while a fence of it runs, or ended since the last scrape; else 0. */
    Map<String, Integer> fencesToShow() {
        Map<String, Integer> shown = new java.util.TreeMap<>();
        fencing.forEach((target, running) -> shown.put(target, running || endedUnshown.contains(target) ? 1 : 0));
        return shown;
    }

    /** A scrape showed the fences of {@link #fencesToShow}: the ended ones read 0 from now on. */
    void fencesShown(Set<String> targets) {
        endedUnshown.removeAll(targets);
    }
}
