package io.quorate.events.fold;

import io.quorate.events.ChaosEvent;
import io.quorate.events.Event;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster as its event log tells it: the one model that replay, the invariant checkers and
 * metrics all read. Built by {@link #apply}ing events in causal order (see
 * {@code io.quorate.events.replay.CausalOrder}); the rules are in {@link FoldRules}.
 *
 * <p>Two kinds of facts are kept apart. Each node's <em>own view</em> ({@link NodeView}: membership,
 * quorum, config version, CRM/LRM state) changes only with that node's own events, so a partition
 * shows as nodes that disagree. The <em>cluster-wide</em> facts are those the cluster agrees on or
 * that one authority decides: resource placement (the CRM master's {@code ha.service.*}), the CRM
 * master, locks, guests actually running on each node, fences, the highest committed config version.
 *
 * <p>No I/O, no clock, no randomness: the same events give the same state. Not thread-safe.
 */
public final class ClusterState {
    private final SortedMap<String, NodeView> nodes = new TreeMap<>();
    private final SortedMap<String, ServiceStatus> services = new TreeMap<>();
    private final Map<String, Map<String, GuestRun>> guests = new HashMap<>();
    private final SortedMap<String, LockHold> locks = new TreeMap<>();
    private final SortedMap<String, Fence> fences = new TreeMap<>();
    private final Map<String, FenceAck> fenceAcks = new HashMap<>();
    private final SortedMap<String, String> haNodeStates = new TreeMap<>();
    private String crmMaster;
    private long configVersion = -1;
    private long position;
    private Instant lastTime;
    private boolean servicesSeen;
    private boolean locksSeen;

    /**
     * Folds one event in; events must come in causal order. A chaos runner's events move the position
     * and time only: the runner is not a member, so it gets no view (the faults it reports show in
     * the cluster through the members' own events).
     */
    public void apply(Event event) {
        position++;
        lastTime = event.time();
        if (event.data() instanceof ChaosEvent) {
            return;
        }
        NodeView node = nodeOf(event);
        node.seen(event.seq(), event.time());
        FoldRules.apply(this, node, event);
    }

    /**
     * The emitting node's view: created on its first event; a higher incarnation than the one known
     * means the node's process restarted, so its view starts afresh ({@link NodeView#restart}).
     */
    private NodeView nodeOf(Event event) {
        NodeView node = nodes.get(event.node());
        if (node == null) {
            node = new NodeView(event.node(), event.incarnation());
            nodes.put(event.node(), node);
        } else if (event.incarnation() > node.incarnation()) {
            node.restart(event.incarnation());
            if (event.node().equals(crmMaster)) {
                crmMaster = null;
            }
        }
        return node;
    }

    // ---- mutators for FoldRules

    void crmMaster(String node) {
        crmMaster = node;
    }

    void committed(long version) {
        configVersion = Math.max(configVersion, version);
    }

    void service(String sid, ServiceStatus status) {
        servicesSeen = true;
        if (ServiceStatus.REMOVED.equals(status.state())) {
            services.remove(sid);
        } else {
            services.put(sid, status);
        }
    }

    /** Replaces the resource table with a snapshot's (see FoldRules for when). */
    void servicesFromSnapshot(Map<String, ServiceStatus> snapshot) {
        services.clear();
        services.putAll(snapshot);
    }

    boolean servicesSeen() {
        return servicesSeen;
    }

    void lock(LockHold hold) {
        locksSeen = true;
        locks.put(hold.lock(), hold);
    }

    void unlock(String lock, long epoch, String holder) {
        locksSeen = true;
        LockHold held = locks.get(lock);
        if (held != null && (held.epoch() == epoch || held.epoch() == 0) && (holder == null || holder.equals(held.holder()))) {
            locks.remove(lock);
        }
    }

    void locksFromSnapshot(Map<String, String> holders) {
        locks.clear();
        holders.forEach((lock, holder) -> locks.put(lock, new LockHold(lock, holder, 0)));
    }

    boolean locksSeen() {
        return locksSeen;
    }

    void guestStarted(GuestRun run) {
        guests.computeIfAbsent(run.sid(), sid -> new HashMap<>(4)).put(run.node(), run);
    }

    void guestStopped(String sid, String node) {
        Map<String, GuestRun> runs = guests.get(sid);
        if (runs != null) {
            runs.remove(node);
        }
    }

    /** Every guest on {@code node} ends (fenced, watchdog fired, or a snapshot replaces the list). */
    void guestsGone(String node) {
        for (Iterator<Map<String, GuestRun>> it = guests.values().iterator(); it.hasNext(); ) {
            Map<String, GuestRun> runs = it.next();
            runs.remove(node);
        }
    }

    void fenceRequested(String node, String eventId) {
        fences.putIfAbsent(node, new Fence(node, eventId));
    }

    void fenceEnded(String node) {
        fences.remove(node);
    }

    void fenceAcknowledged(String node, String eventId) {
        fences.remove(node);
        fenceAcks.put(node, new FenceAck(node, eventId, position));
        guestsGone(node);
    }

    void haNodeState(String node, String state) {
        haNodeStates.put(node, state);
    }

    // ---- what readers see

    /** Events folded so far; the position of the event being applied during {@link #apply}. */
    public long position() {
        return position;
    }

    /** Wall time of the last event folded (null before any). */
    public Instant lastTime() {
        return lastTime;
    }

    /** Every node seen, by name. */
    public SortedMap<String, NodeView> nodes() {
        return Collections.unmodifiableSortedMap(nodes);
    }

    /** A node's own view, or null when no event of it was folded. */
    public NodeView node(String name) {
        return nodes.get(name);
    }

    /** The node whose CRM became master last (and did not leave that state or restart), or null. */
    public String crmMaster() {
        return crmMaster;
    }

    /** The highest config version any node applied (-1: none known). */
    public long configVersion() {
        return configVersion;
    }

    /** Every HA resource, by sid, as the CRM master placed it. */
    public SortedMap<String, ServiceStatus> services() {
        return Collections.unmodifiableSortedMap(services);
    }

    public ServiceStatus service(String sid) {
        return services.get(sid);
    }

    /** The nodes running a guest now (node → run); empty when it runs nowhere. */
    public Map<String, GuestRun> guestRuns(String sid) {
        Map<String, GuestRun> runs = guests.get(sid);
        return runs == null ? Map.of() : Collections.unmodifiableMap(runs);
    }

    /** Every running guest: sid → nodes running it, sorted. */
    public SortedMap<String, SortedMap<String, GuestRun>> runningGuests() {
        SortedMap<String, SortedMap<String, GuestRun>> running = new TreeMap<>();
        guests.forEach((sid, runs) -> {
            if (!runs.isEmpty()) {
                running.put(sid, new TreeMap<>(runs));
            }
        });
        return running;
    }

    /** Cluster locks by name. */
    public SortedMap<String, LockHold> locks() {
        return Collections.unmodifiableSortedMap(locks);
    }

    /** Fences requested and not yet acknowledged, by node. */
    public SortedMap<String, Fence> fencesInProgress() {
        return Collections.unmodifiableSortedMap(fences);
    }

    /** The last proof that {@code node} was fenced, or null. */
    public FenceAck lastFenceAck(String node) {
        return fenceAcks.get(node);
    }

    /** The CRM master's state for each node (online, unknown, fence, maintenance, gone). */
    public SortedMap<String, String> haNodeStates() {
        return Collections.unmodifiableSortedMap(haNodeStates);
    }

    /** An immutable copy of what the state says now, for printing and comparing. */
    public StateSummary summary() {
        return StateSummary.of(this);
    }
}
