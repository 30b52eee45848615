package io.quorate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The gauges of a node's state, set from a {@link NodeSnapshot} taken at each scrape. Label sets
 * that come and go (members, locks, resources) are {@link MultiGauge}s re-registered whole, so a
 * series disappears when its subject does; a resource keeps one series per known CRM state (1 for
 * the current one, 0 for the others), so stopped and error resources stay visible.
 */
final class StateMetrics {
    /** Every CRM state of pve-ha-manager, so each resource has all of them as series. */
    static final List<String> SERVICE_STATES = io.quorate.events.HaStateNames.SERVICE;
    private static final List<String> CRM_STATES = io.quorate.events.HaStateNames.CRM;
    private static final List<String> LRM_STATES = io.quorate.events.HaStateNames.LRM;

    private final AtomicReference<NodeSnapshot> current = new AtomicReference<>();
    private final KeyedGauge votes;
    private final KeyedGauge memberVotes;
    private final KeyedGauge lastSeen;
    private final KeyedGauge locks;
    private final KeyedGauge crmState;
    private final KeyedGauge lrmState;
    private final ResourceCollector resourceCollector;
    private final KeyedGauge fenceInProgress;
    private final EventMetrics events;

    StateMetrics(MeterRegistry registry, EventMetrics events, ResourceCollector resources) {
        this.events = events;
        this.resourceCollector = resources;
        gauge(registry, "quorate.quorate", "1 when this node is in a quorate partition", s -> s.quorate() ? 1 : 0);
        gauge(registry, "quorate.members", "Nodes in this node's membership view", s -> s.members().size());
        gauge(registry, "quorate.ring.sequence", "Sequence number of the current ring id", NodeSnapshot::ringSequence);
        gauge(registry, "quorate.config.version", "Version of this node's config tree", NodeSnapshot::configVersion);
        gauge(registry, "quorate.ha.crm.master", "1 when this node is the CRM master", s -> s.crmMaster() ? 1 : 0);
        gauge(registry, "quorate.watchdog.armed", "1 while this node's watchdog is armed", s -> s.watchdogArmed() ? 1 : 0);
        Gauge.builder("quorate.watchdog.expiry", current, ref -> ref.get() == null ? 0 : ref.get().watchdogExpirySeconds())
                .baseUnit("seconds").description("Seconds until the armed watchdog fires unless fed").register(registry);
        Gauge.builder("quorate.events.spool", current, ref -> ref.get() == null ? 0 : ref.get().spool().bytes())
                .baseUnit("bytes").description("Spooled bytes not yet confirmed by the broker").register(registry);
        gauge(registry, "quorate.events.spool.records", "Spooled records not yet confirmed (the lag)", s -> s.spool().records());
        gauge(registry, "quorate.events.spool.over.bound", "1 while the spool is past its bound", s -> s.spool().overBound() ? 1 : 0);
        gauge(registry, "quorate.events.kafka.configured", "1 when this node publishes to Kafka", s -> s.spool().kafkaConfigured() ? 1 : 0);
        gauge(registry, "quorate.events.last.published.timestamp.seconds", "Wall time of the last broker confirmation",
                s -> s.spool().lastPublishedEpochSeconds());
        this.votes = new KeyedGauge(MultiGauge.builder("quorate.quorum.votes").description("votequorum's figures").register(registry));
        this.memberVotes = new KeyedGauge(MultiGauge.builder("quorate.member.votes").description("Votes each member brings").register(registry));
        this.lastSeen = new KeyedGauge(MultiGauge.builder("quorate.member.last.seen").baseUnit("seconds")
                .description("Seconds since this node last heard from the member").register(registry));
        this.locks = new KeyedGauge(MultiGauge.builder("quorate.lock.held").description("1 per cluster lock and its holder").register(registry));
        this.crmState = new KeyedGauge(MultiGauge.builder("quorate.ha.crm.state").description("1 for this node's CRM state").register(registry));
        this.lrmState = new KeyedGauge(MultiGauge.builder("quorate.ha.lrm.state").description("1 for this node's LRM state").register(registry));
        this.fenceInProgress = new KeyedGauge(MultiGauge.builder("quorate.fence.in.progress").description("1 while a fence of the node runs")
                .register(registry));
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<NodeSnapshot> value) {
        Gauge.builder(name, current, ref -> ref.get() == null ? 0 : value.applyAsDouble(ref.get())).description(description)
                .register(registry);
    }

    /** Sets every state gauge from {@code snapshot}; {@code nowMs} is wall time for ages. */
    void update(NodeSnapshot snapshot, long nowMs) {
        current.set(snapshot);
        Map<Tags, Double> quorum = new LinkedHashMap<>();
        quorum.put(Tags.of("type", "expected_votes"), (double) snapshot.expectedVotes());
        quorum.put(Tags.of("type", "highest_expected"), (double) snapshot.highestExpected());
        quorum.put(Tags.of("type", "total_votes"), (double) snapshot.totalVotes());
        quorum.put(Tags.of("type", "quorum"), (double) snapshot.quorum());
        votes.set(quorum);
        Map<Tags, Double> members = new LinkedHashMap<>();
        Map<Tags, Double> seen = new LinkedHashMap<>();
        Map<String, Long> heard = events.lastHeard();
        for (NodeSnapshot.Member member : snapshot.members()) {
            members.put(Tags.of("member", member.name(), "local", Boolean.toString(member.local())), (double) member.votes());
        }
        // every configured peer ever heard: a dead one's age keeps growing (NodeNotHeardFrom fires)
        for (String peer : snapshot.configuredPeers()) {
            if (heard.containsKey(peer)) {
                seen.put(Tags.of("member", peer), (nowMs - heard.get(peer)) / 1000.0);
            }
        }
        memberVotes.set(members);
        lastSeen.set(seen);
        Map<Tags, Double> held = new LinkedHashMap<>();
        snapshot.lockHolders().forEach((lock, holder) -> held.put(Tags.of("lock", lock, "holder", holder), 1.0));
        locks.set(held);
        crmState.set(oneHot("state", CRM_STATES, snapshot.crmState()));
        lrmState.set(oneHot("state", LRM_STATES, snapshot.lrmState()));
        resourceCollector.set(snapshot.resources());
        Map<Tags, Double> fences = new LinkedHashMap<>();
        Map<String, Integer> shown = events.fencesToShow();
        shown.forEach((target, value) -> fences.put(Tags.of("target", target), (double) value));
        fenceInProgress.set(fences);
        events.fencesShown(shown.keySet());
    }

    /** One series per known value (plus {@code actual} if unknown): 1 for {@code actual}, 0 for the rest; none when null. */
    private static Map<Tags, Double> oneHot(String key, List<String> known, String actual) {
        Map<Tags, Double> series = new LinkedHashMap<>();
        if (actual == null) {
            return series;
        }
        Set<String> values = new TreeSet<>(known);
        values.add(actual);
        for (String value : values) {
            series.put(Tags.of(key, value), value.equals(actual) ? 1.0 : 0.0);
        }
        return series;
    }
}
