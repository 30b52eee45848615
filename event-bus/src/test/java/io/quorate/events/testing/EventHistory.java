package io.quorate.events.testing;

import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.HybridClock;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.SnapshotEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Crafts event histories for tests: a shared clock moved by hand, and per node the incarnation, the
 * gap-free sequence and a hybrid clock, so events come out as real nodes would stamp them.
 */
public final class EventHistory {
    public static final String CLUSTER = "lab";

    private final List<Event> events = new ArrayList<>();
    private final Map<String, NodeStream> nodes = new HashMap<>();
    private long nowMs;

    private static final class NodeStream {
        long incarnation = 1;
        long seq;
        final HybridClock clock = new HybridClock();
    }

    public EventHistory(Instant start) {
        this.nowMs = start.toEpochMilli();
    }

    /** Moves the shared clock on. */
    public EventHistory after(Duration duration) {
        nowMs += duration.toMillis();
        return this;
    }

    public EventHistory afterMs(long ms) {
        nowMs += ms;
        return this;
    }

    public Instant now() {
        return Instant.ofEpochMilli(nowMs);
    }

    /** {@code node} emits {@code data} now. */
    public Event emit(String node, EventData data) {
        NodeStream stream = nodes.computeIfAbsent(node, name -> new NodeStream());
        Event event = Event.of(CLUSTER, node, stream.incarnation, ++stream.seq, now(), data, stream.clock.now(nowMs));
        events.add(event);
        return event;
    }

    /** The node's process restarts: the next event is seq 1 of a new incarnation. */
    public EventHistory restart(String node) {
        NodeStream stream = nodes.computeIfAbsent(node, name -> new NodeStream());
        stream.incarnation++;
        stream.seq = 0;
        return this;
    }

    /** The node loses its next {@code count} events (they get sequence numbers but never arrive). */
    public EventHistory lose(String node, int count) {
        nodes.computeIfAbsent(node, name -> new NodeStream()).seq += count;
        return this;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int size() {
        return events.size();
    }

    // ---- common events

    /** Every node in {@code members} installs the view and gains (or keeps) quorum of {@code expected}. */
    public void agreedView(String ringId, int expected, String... members) {
        List<MembershipEvent.Member> list = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            list.add(new MembershipEvent.Member(Integer.parseInt(members[i].substring(1)), members[i]));
        }
        int quorum = expected / 2 + 1;
        for (String member : members) {
            emit(member, new MembershipEvent.ViewAgreed(ringId, 1, 1, list));
            QuorumEvent.Votes votes = new QuorumEvent.Votes(expected, expected, members.length, quorum, List.of());
            emit(member, members.length >= quorum ? new QuorumEvent.Gained(ringId, votes) : new QuorumEvent.Lost(ringId, votes));
        }
    }

    /** A quorate snapshot of a node's view with the given resources ({@code sid → node}, all started). */
    public static SnapshotEvent.View snapshot(String ringId, List<String> members, int expected, long configVersion,
                                              String crmMaster, Map<String, String> startedOn, List<String> guests) {
        Map<String, SnapshotEvent.ServiceView> services = new HashMap<>();
        startedOn.forEach((sid, node) -> services.put(sid, new SnapshotEvent.ServiceView("started", node)));
        return new SnapshotEvent.View(SnapshotEvent.PERIODIC, ringId, members, members.size() >= expected / 2 + 1, expected,
                members.size(), expected / 2 + 1, configVersion, crmMaster, crmMaster, "active", services,
                crmMaster == null ? Map.of() : Map.of("ha_manager_lock", crmMaster), guests);
    }
}
