package io.quorate.configdb;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.core.Outcome;
import io.quorate.core.Reply;
import io.quorate.events.EventData;
import io.quorate.node.ClusterSpec;
import io.quorate.protocol.Blob;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.ClusterMessage.Replication;
import io.quorate.protocol.LogEntry;
import io.quorate.sim.SimRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A tiny deterministic driver for a few {@link ConfigDb}s: one fake clock shared by all nodes, an
 * in-memory network with a seeded 1-2 ms latency, links that can be cut, and a disk per node that
 * is durable at the end of each step (so every step's effects are on disk before its messages and
 * replies leave, and {@link ConfigDb#logDurable} is reported right after).
 */
final class ConfigDbCluster {
    static final long TOKEN_MS = 1000;
    static final long LOCK_EXPIRY_MS = 10_000;

    record Sent(long at, long seq, int from, int to, ClusterMessage message) {
    }

    record NodeReply(int node, long requestId, Outcome outcome, long at) {
    }

    record NodeEvent(int node, EventData event, long at) {
    }

    private final RaftTimers timers;
    private final ClusterSpec spec;
    private final ClusterSpec.Parser parser;
    private final long seed;
    private final Map<Integer, ConfigDb> nodes = new TreeMap<>();
    private final Map<Integer, MemoryLog> disks = new TreeMap<>();
    private final Map<Integer, Integer> incarnations = new TreeMap<>();
    private final PriorityQueue<Sent> network = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
    private final Set<Long> cutLinks = new HashSet<>();
    private final Random latency;
    private final Outbox out = new Outbox();
    private final List<NodeReply> replies = new ArrayList<>();
    private final List<NodeEvent> events = new ArrayList<>();
    private final List<Sent> held = new ArrayList<>();
    private Predicate<Sent> hold = sent -> false;
    private long now = 1_000;
    private long seq;
    private long nextRequestId = 1;
    private long steps;

    /** A cluster of {@code size} voters whose parser refuses every corosync.conf. */
    ConfigDbCluster(int size, RaftTimers timers, long seed) {
        this(size, timers, seed, text -> {
            throw new IllegalArgumentException("corosync.conf is not parsed in this test");
        });
    }

    ConfigDbCluster(int size, RaftTimers timers, long seed, ClusterSpec.Parser parser) {
        this.timers = timers;
        this.spec = SimRun.spec(size, TOKEN_MS);
        this.parser = parser;
        this.seed = seed;
        this.latency = new Random(seed ^ 0x1A7E);
        for (int id = 1; id <= size; id++) {
            disks.put(id, new MemoryLog());
            incarnations.put(id, 0);
        }
    }

    ClusterSpec spec() {
        return spec;
    }

    void startAll() {
        for (int id : disks.keySet()) {
            start(id);
        }
    }

    /** Starts (or restarts) a node from what its disk holds. */
    void start(int id) {
        int incarnation = incarnations.merge(id, 1, Integer::sum);
        ConfigDb db;
        try {
            db = new ConfigDb(id, timers, LOCK_EXPIRY_MS, disks.get(id).stored(), spec, parser, n -> "n" + n,
                    new Random(seed * 31 + id * 1_000 + incarnation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nodes.put(id, db);
        db.start(now, out);
        drain(id);
    }

    /** The process stops; its disk stays. */
    void crash(int id) {
        nodes.remove(id);
    }

    ConfigDb node(int id) {
        ConfigDb db = nodes.get(id);
        if (db == null) {
            throw new IllegalStateException("n" + id + " is down");
        }
        return db;
    }

    MemoryLog disk(int id) {
        return disks.get(id);
    }

    Set<Integer> ids() {
        return disks.keySet();
    }

    long now() {
        return now;
    }

    // ---- network faults

    void cut(int a, int b) {
        cutLinks.add(link(a, b));
        cutLinks.add(link(b, a));
    }

    /** Cuts every link of {@code id}, both ways. */
    void isolate(int id) {
        for (int other : disks.keySet()) {
            if (other != id) {
                cut(id, other);
            }
        }
    }

    void heal() {
        cutLinks.clear();
    }

    /** Messages matching {@code filter} are kept aside instead of sent, until {@link #releaseHeld}. */
    void holdMessages(Predicate<Sent> filter) {
        this.hold = filter;
    }

    List<Sent> held() {
        return held;
    }

    /** Stops holding and delivers the held messages now (if their link is up). */
    void releaseHeld() {
        hold = sent -> false;
        List<Sent> release = new ArrayList<>(held);
        held.clear();
        for (Sent sent : release) {
            network.add(new Sent(now, seq++, sent.from(), sent.to(), sent.message()));
        }
    }

    /** Cuts the link from {@code from} to {@code to} only. */
    void cutOneWay(int from, int to) {
        cutLinks.add(link(from, to));
    }

    /** Puts a message on the network now, as a duplicate or a late copy would arrive. */
    void inject(int from, int to, ClusterMessage message) {
        network.add(new Sent(now + 1, seq++, from, to, message));
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    // ---- running

    /** Runs every delivery and timer up to {@code until}. */
    void runUntil(long until) {
        while (true) {
            long nextDelivery = network.isEmpty() ? Long.MAX_VALUE : network.peek().at();
            int dueNode = 0;
            long nextTimer = Long.MAX_VALUE;
            for (var e : nodes.entrySet()) {
                long deadline = e.getValue().nextDeadline();
                if (deadline < nextTimer) {
                    nextTimer = deadline;
                    dueNode = e.getKey();
                }
            }
            long next = Math.min(nextDelivery, nextTimer);
            if (next > until) {
                now = Math.max(now, until);
                return;
            }
            now = Math.max(now, next);
            if (++steps > 5_000_000) {
                throw new IllegalStateException("the cluster does not settle: " + describe());
            }
            if (nextDelivery <= nextTimer) {
                deliver(network.poll());
            } else {
                nodes.get(dueNode).tick(now, out);
                drain(dueNode);
            }
        }
    }

    void runFor(long ms) {
        runUntil(now + ms);
    }

    /** Runs until {@code condition} holds (checked after every step), at most {@code maxMs}. */
    void runUntil(BooleanSupplier condition, long maxMs, String what) {
        long end = now + maxMs;
        while (!condition.getAsBoolean()) {
            if (now >= end) {
                throw new AssertionError("not within " + maxMs + " ms: " + what + "; " + describe());
            }
            long before = now;
            runOneStep(end);
            if (now == before && network.isEmpty() && nextTimer() > end) {
                now = end;
            }
        }
    }

    private void runOneStep(long limit) {
        long nextDelivery = network.isEmpty() ? Long.MAX_VALUE : network.peek().at();
        long nextTimer = nextTimer();
        long next = Math.min(nextDelivery, nextTimer);
        if (next > limit) {
            now = limit;
            return;
        }
        runUntil(next);
    }

    private long nextTimer() {
        long next = Long.MAX_VALUE;
        for (ConfigDb db : nodes.values()) {
            next = Math.min(next, db.nextDeadline());
        }
        return next;
    }

    private void deliver(Sent sent) {
        ConfigDb target = nodes.get(sent.to());
        if (target == null || cutLinks.contains(link(sent.from(), sent.to()))) {
            return;
        }
        target.receive(sent.from(), (Replication) sent.message(), now, out);
        drain(sent.to());
    }

    /**
     * Takes what node {@code id}'s last step produced: records events, stores the effects (durable
     * at once), then sends the messages, records the replies and reports the durable log end.
     */
    private void drain(int id) {
        events.addAll(out.events().stream().map(e -> new NodeEvent(id, e, now)).toList());
        MemoryLog disk = disks.get(id);
        LogEntry lastAppended = null;
        for (Effect effect : out.effects()) {
            disk.store(effect);
            if (effect instanceof Effect.AppendLog append && !append.entries().isEmpty()) {
                lastAppended = append.entries().get(append.entries().size() - 1);
            }
        }
        List<Outbox.Outgoing> messages = List.copyOf(out.messages());
        List<Reply> stepReplies = List.copyOf(out.replies());
        out.clear();
        for (Outbox.Outgoing message : messages) {
            if (message.to() == Outbox.ALL_PEERS) {
                disks.keySet().stream().filter(peer -> peer != id).forEach(peer -> send(id, peer, message.message()));
            } else {
                send(id, message.to(), message.message());
            }
        }
        stepReplies.forEach(reply -> replies.add(new NodeReply(id, reply.requestId(), reply.outcome(), now)));
        ConfigDb db = nodes.get(id);
        if (lastAppended != null && db != null) {
            db.logDurable(lastAppended.index(), lastAppended.term(), now, out);
            drain(id);
        }
    }

    private void send(int from, int to, ClusterMessage message) {
        Sent sent = new Sent(now + 1 + latency.nextInt(2), seq++, from, to, message);
        if (cutLinks.contains(link(from, to))) {
            return;
        }
        if (hold.test(sent)) {
            held.add(sent);
            return;
        }
        network.add(sent);
    }

    // ---- clients

    long write(int node, String path, String content) {
        return write(node, path, content, Guard.NONE, true);
    }

    long write(int node, String path, String content, Guard guard, boolean quorate) {
        long id = nextRequestId++;
        node(node).write(id, path, Blob.wrap(content.getBytes(StandardCharsets.UTF_8)), guard, quorate, now, out);
        drain(node);
        return id;
    }

    long remove(int node, String path, boolean quorate) {
        long id = nextRequestId++;
        node(node).remove(id, path, Guard.NONE, quorate, now, out);
        drain(node);
        return id;
    }

    long acquire(int node, String lock, boolean quorate) {
        long id = nextRequestId++;
        node(node).acquireLock(id, lock, quorate, now, out);
        drain(node);
        return id;
    }

    long renew(int node, String lock, long epoch, boolean quorate) {
        long id = nextRequestId++;
        node(node).renewLock(id, lock, epoch, quorate, now, out);
        drain(node);
        return id;
    }

    long read(int node) {
        long id = nextRequestId++;
        node(node).consistentRead(id, now, out);
        drain(node);
        return id;
    }

    /** Runs an operation on the node (for calls the helpers above do not cover). */
    void call(int node, Consumer<Outbox> operation) {
        operation.accept(out);
        drain(node);
    }

    long nextRequestId() {
        return nextRequestId++;
    }

    Optional<NodeReply> reply(long requestId) {
        return replies.stream().filter(r -> r.requestId() == requestId).findFirst();
    }

    List<NodeReply> replies(long requestId) {
        return replies.stream().filter(r -> r.requestId() == requestId).toList();
    }

    Outcome awaitReply(long requestId, long maxMs) {
        runUntil(() -> reply(requestId).isPresent(), maxMs, "a reply to request " + requestId);
        return reply(requestId).orElseThrow().outcome();
    }

    List<NodeEvent> events() {
        return events;
    }

    <T extends EventData> List<T> events(int node, Class<T> type) {
        return events.stream().filter(e -> e.node() == node && type.isInstance(e.event())).map(e -> type.cast(e.event())).toList();
    }

    // ---- cluster state

    /** The leader every live node in {@code among} follows, in one term; 0 when they do not agree. */
    int agreedLeader(Set<Integer> among) {
        int leader = 0;
        long term = -1;
        for (int id : among) {
            ConfigDb db = nodes.get(id);
            if (db == null || db.leaderId() == 0) {
                return 0;
            }
            if (leader == 0) {
                leader = db.leaderId();
                term = db.term();
            } else if (db.leaderId() != leader || db.term() != term) {
                return 0;
            }
        }
        return among.contains(leader) && nodes.get(leader) != null && nodes.get(leader).isLeader() ? leader : 0;
    }

    int agreedLeader() {
        return agreedLeader(nodes.keySet());
    }

    int awaitLeader(Set<Integer> among, long maxMs) {
        runUntil(() -> agreedLeader(among) != 0, maxMs, "a leader agreed by " + among);
        return agreedLeader(among);
    }

    int awaitLeader() {
        return awaitLeader(Set.copyOf(nodes.keySet()), 10_000);
    }

    /** Every live node has applied everything its leader committed, and all are at one version. */
    boolean converged() {
        long version = -1;
        for (ConfigDb db : nodes.values()) {
            if (version < 0) {
                version = db.version();
            } else if (db.version() != version) {
                return false;
            }
        }
        int leader = agreedLeader();
        return leader != 0 && nodes.get(leader).commitIndex() == version;
    }

    void awaitConverged(long maxMs) {
        runUntil(this::converged, maxMs, "all nodes at one version");
    }

    String describe() {
        StringBuilder text = new StringBuilder("t=" + now);
        for (var e : nodes.entrySet()) {
            ConfigDb db = e.getValue();
            text.append(String.format("; n%d %s term %d leader %d commit %d version %d last %d", e.getKey(), db.role(), db.term(),
                    db.leaderId(), db.commitIndex(), db.version(), db.lastLogIndex()));
        }
        return text.append("; cut ").append(cutLinks.size() / 2).append(" links, ").append(network.size()).append(" in flight")
                .toString();
    }
}
