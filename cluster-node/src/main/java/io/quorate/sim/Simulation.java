package io.quorate.sim;

import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.ConfigDbSettings;
import io.quorate.configdb.ConfigTree;
import io.quorate.configdb.Guard;
import io.quorate.configdb.RaftTimers;
import io.quorate.core.Outbox;
import io.quorate.core.Outcome;
import io.quorate.core.Reply;
import io.quorate.core.StepOutput;
import io.quorate.events.ConfigEvent;
import io.quorate.events.LockEvent;
import io.quorate.protocol.Blob;
import java.nio.charset.StandardCharsets;
import io.quorate.events.EventData;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.membership.View;
import io.quorate.node.ClusterSpec;
import io.quorate.quorum.QuorumStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Many node cores in one thread on simulated time and a simulated network, everything derived from
 * one seed, so any run can be replayed exactly. Applies a schedule of {@link SimFault}s, checks the
 * safety invariants after every change, and can check convergence at a given time.
 */
public final class Simulation {
    private final long seed;
    private final Random random;
    private final SimNetwork network;
    private final Map<Integer, SimNode> nodes = new TreeMap<>();
    private final TreeMap<Long, List<SimFault>> schedule = new TreeMap<>();
    private final SafetyChecker safety = new SafetyChecker();
    private final List<String> timeline = new ArrayList<>();
    private final boolean twoNode;
    private final Outbox out = new Outbox();
    private long now;
    private long steps;
    private final long staleGraceMs;
    private long nextStaleCheck;
    private final Map<Integer, Long> staleSince = new HashMap<>();
    private final ConfigHistory history = new ConfigHistory();
    private final ConfigChecker configChecker;
    private final SimWorkload workload;
    private final List<Integer> voters;
    private final Map<String, Boolean> lockViolationReported = new HashMap<>();

    /**
     * @param maxDriftRatio each node's clock runs at a rate within ±this of true time (e.g. 0.005)
     */
    public Simulation(ClusterSpec spec, long seed, double maxDriftRatio) {
        this(spec, seed, maxDriftRatio, new ConfigDbSettings(
                // snapshots every 100 entries and small chunks, so runs exercise compaction and transfer
                RaftTimers.forToken(spec.timers().tokenMs()).withSnapshotEvery(100, 2048),
                // locks expire within a run, so takeovers happen
                Math.max(1_000, 3 * spec.timers().tokenMs())));
    }

    public Simulation(ClusterSpec spec, long seed, double maxDriftRatio, ConfigDbSettings configSettings) {
        this.seed = seed;
        this.random = new Random(seed);
        this.configChecker = new ConfigChecker(safety.violationList());
        this.workload = new SimWorkload(new Random(seed * 31 + 7), history);
        this.voters = spec.voters().voters().stream().filter(v -> v.votes() > 0).map(v -> v.nodeId()).toList();
        this.network = new SimNetwork(new Random(seed ^ 0x5DEECE66DL));
        this.twoNode = spec.quorumOptions().twoNode();
        // failure detection (token), the fallback of a node left out (consensus), and two heartbeat
        // intervals in which members report the ring they moved to
        this.staleGraceMs = spec.timers().tokenMs() + spec.timers().consensusMs() + 2 * spec.timers().heartbeatMs();
        for (int id : spec.nodelist().keySet()) {
            double drift = maxDriftRatio == 0 ? 0 : (random.nextDouble() * 2 - 1) * maxDriftRatio;
            long offset = random.nextLong(1_000_000);
            nodes.put(id, new SimNode(id, new SimClock(offset, drift), spec, random.nextLong(), configSettings));
        }
    }

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    public Set<Integer> nodeIds() {
        return nodes.keySet();
    }

    public void at(long trueTimeMs, SimFault fault) {
        schedule.computeIfAbsent(trueTimeMs, t -> new ArrayList<>()).add(fault);
    }

    /** Client operations on the config tree run from now until {@code untilMs}, at random nodes. */
    public void runClients(long untilMs) {
        workload.runUntil(now, untilMs);
    }

    /** Starts every node at the current time. */
    public void startAll() {
        for (SimNode node : nodes.values()) {
            startNode(node);
        }
    }

    /** Runs every fault, delivery and timer up to and including {@code endMs}. */
    public void runUntil(long endMs) {
        while (true) {
            long nextFault = schedule.isEmpty() ? Long.MAX_VALUE : schedule.firstKey();
            long nextDelivery = network.nextDeliveryAt();
            SimNode dueNode = null;
            long nextTimer = Long.MAX_VALUE;
            for (SimNode node : nodes.values()) {
                long deadline = node.nextTrueDeadline();
                if (deadline < nextTimer) {
                    nextTimer = deadline;
                    dueNode = node;
                }
            }
            SimNode syncingNode = null;
            long nextSync = Long.MAX_VALUE;
            for (SimNode node : nodes.values()) {
                if (node.syncDoneAt() < nextSync) {
                    nextSync = node.syncDoneAt();
                    syncingNode = node;
                }
            }
            long nextClient = workload.nextAt();
            long next = Math.min(Math.min(nextFault, Math.min(nextDelivery, nextTimer)), Math.min(nextSync, nextClient));
            if (next > endMs) {
                now = endMs;
                return;
            }
            now = Math.max(now, next);
            steps++;
            if (now >= nextStaleCheck) {
                nextStaleCheck = now + 50;
                checkNoStaleQuorum();
            }
            if (nextFault == next) {
                for (SimFault fault : schedule.pollFirstEntry().getValue()) {
                    apply(fault);
                }
            } else if (nextSync == next) {
                completeSync(syncingNode);
            } else if (nextClient == next) {
                invokeClientOperation();
            } else if (nextDelivery == next) {
                deliver(network.poll());
            } else {
                dueNode.tick(now, out);
                drain(dueNode);
            }
        }
    }

    private void deliver(SimNetwork.Delivery delivery) {
        SimNode target = nodes.get(delivery.to());
        if (target == null || !target.isUp() || !network.stillPassable(delivery)) {
            return;
        }
        target.deliver(delivery.from(), delivery.message(), now, out);
        drain(target);
    }

    private void apply(SimFault fault) {
        timeline.add(String.format("%9s  -- %s", seconds(now), fault));
        if (fault instanceof SimFault.Partition partition) {
            for (Set<Integer> a : partition.groups()) {
                for (Set<Integer> b : partition.groups()) {
                    if (a != b) {
                        a.forEach(x -> b.forEach(y -> network.cut(x, y)));
                    }
                }
            }
        } else if (fault instanceof SimFault.Cut cut) {
            network.cut(cut.from(), cut.to());
        } else if (fault instanceof SimFault.Heal) {
            network.heal();
        } else if (fault instanceof SimFault.Crash crash) {
            node(crash.node()).crash();
            history.abandon(crash.node());
            afterStateChange();
        } else if (fault instanceof SimFault.Stop stop) {
            SimNode node = node(stop.node());
            if (node.isUp()) {
                node.core().leave(out);
                drain(node);
                node.crash();
                history.abandon(stop.node());
                afterStateChange();
            }
        } else if (fault instanceof SimFault.Restart restart) {
            SimNode node = node(restart.node());
            if (!node.isUp()) {
                startNode(node);
            }
        } else if (fault instanceof SimFault.Loss loss) {
            network.setLossRate(loss.rate());
        } else if (fault instanceof SimFault.Duplicate duplicate) {
            network.setDuplicateRate(duplicate.rate());
        } else if (fault instanceof SimFault.Delay delay) {
            network.setDelay(delay.minMs(), delay.maxMs());
        } else if (fault instanceof SimFault.Expected expected) {
            SimNode node = node(expected.node());
            if (node.isUp()) {
                safety.markUnsafeMode();
                var result = node.core().setExpectedVotes(expected.votes(), node.clock.localTime(now), out);
                timeline.add(String.format("%9s  n%d expected %d: %s", seconds(now), node.id, expected.votes(), result));
                drain(node);
            }
        }
    }

    private SimNode node(int id) {
        SimNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node n" + id + " in this simulation (nodes " + nodes.keySet() + ")");
        }
        return node;
    }

    private void startNode(SimNode node) {
        node.start(now, out);
        node.core().configDb().setApplyListener((entry, command, outcome) -> configChecker.onApplied(now, node.id, entry,
                command, outcome, voters, id -> nodes.get(id).durablyHas(entry.index(), entry.term())));
        drain(node);
    }

    /**
     * Records what a node's step produced and stores it; the messages and replies leave once what
     * they depend on is on the node's disk (at once when there is nothing to wait for).
     */
    private void drain(SimNode node) {
        boolean changed = recordEvents(node);
        List<StepOutput> released = node.isUp() ? node.persist(out, now) : List.of();
        out.clear();
        for (StepOutput step : released) {
            release(node, step);
        }
        if (changed) {
            afterStateChange();
        }
        checkLockHolders();
    }

    private void completeSync(SimNode node) {
        SimNode.Synced synced = node.completeSync(now);
        for (StepOutput step : synced.released()) {
            release(node, step);
        }
        if (synced.lastAppended() != null && node.isUp()) {
            node.core().logDurable(synced.lastAppended().index(), synced.lastAppended().term(), node.localNow(now), out);
            drain(node);
        }
    }

    private void release(SimNode node, StepOutput step) {
        Set<Integer> peers = node.isUp() ? node.core().spec().nodelist().keySet() : nodes.keySet();
        for (Outbox.Outgoing message : step.messages()) {
            if (message.to() == Outbox.ALL_PEERS) {
                for (int peer : peers) {
                    if (peer != node.id) {
                        network.send(now, node.id, peer, message.message());
                    }
                }
            } else {
                network.send(now, node.id, message.to(), message.message());
            }
        }
        for (Reply reply : step.replies()) {
            onReply(node, reply);
        }
    }

    private boolean recordEvents(SimNode node) {
        boolean changed = false;
        for (EventData event : out.events()) {
            if (event instanceof HeartbeatEvent) {
                continue;
            }
            if (event instanceof MembershipEvent.ViewAgreed agreed) {
                safety.onViewInstalled(now, node.id, node.core().view());
                changed = true;
                timeline.add(String.format("%9s  n%d view %s %s", seconds(now), node.id, agreed.ringId(),
                        agreed.members().stream().map(m -> m.nodeId()).toList()));
            } else if (event instanceof MembershipEvent.ViewProposed || event instanceof MembershipEvent.ViewAbandoned
                    || event instanceof MembershipEvent.PeerSuspected || event instanceof ConfigEvent.LeaderChanged
                    || event instanceof ConfigEvent.CatchupStarted || event instanceof ConfigEvent.CatchupFinished
                    || event instanceof ConfigEvent.SnapshotInstalled || event instanceof LockEvent
                    || event instanceof ConfigEvent.Diverged) {
                timeline.add(String.format("%9s  n%d %s %s", seconds(now), node.id, event.eventType(), event));
            } else if (event instanceof QuorumEvent.Gained || event instanceof QuorumEvent.Lost
                    || event instanceof QuorumEvent.ExpectedChanged) {
                changed = true;
                timeline.add(String.format("%9s  n%d %s %s", seconds(now), node.id, event.eventType(), event));
            }
        }
        return changed;
    }

    // ---- config tree clients

    private void invokeClientOperation() {
        List<SimNode> up = nodes.values().stream().filter(SimNode::isUp).toList();
        SimWorkload.Planned planned = workload.next(up.stream().map(n -> n.id).toList());
        if (planned != null) {
            invoke(planned);
        }
    }

    /** Runs one client operation now (tests script their own); its outcome lands in the returned op. */
    ConfigHistory.Op invoke(SimWorkload.Planned planned) {
        SimNode node = nodes.get(planned.node());
        long local = node.localNow(now);
        var core = node.core();
        ConfigHistory.Op op = history.invoke(node.id, planned.kind(), planned.path(), planned.value(), now);
        Blob value = planned.value() == null ? Blob.EMPTY : Blob.wrap(planned.value().getBytes(StandardCharsets.UTF_8));
        long heldEpoch = planned.lock() == null ? 0 : core.configDb().heldLock(planned.lock(), local)
                .map(ConfigDb.HeldLock::epoch).orElse(0L);
        // sometimes act on a lock without holding it, or with an older epoch: the tree must refuse
        long epoch = heldEpoch != 0 && !planned.stale() ? heldEpoch : workload.staleEpoch(heldEpoch);
        switch (planned.kind()) {
            case WRITE -> core.write(op.id, planned.path(), value, Guard.NONE, local, out);
            case GUARDED_WRITE -> core.write(op.id, planned.path(), value, new Guard(planned.lock(), epoch), local, out);
            case REMOVE -> core.remove(op.id, planned.path(), Guard.NONE, local, out);
            case READ -> core.consistentRead(op.id, local, out);
            case ACQUIRE -> core.acquireLock(op.id, planned.lock(), local, out);
            case RENEW -> core.renewLock(op.id, planned.lock(), epoch, local, out);
            case RELEASE -> core.releaseLock(op.id, planned.lock(), epoch, local, out);
        }
        drain(node);
        return op;
    }

    /** What a node shows for a path now (its unsafe-mode writes included), or null. */
    String contentOn(int node, String path) {
        return nodes.get(node).core().configDb().readFile(path)
                .map(f -> new String(f.content().unsafeArray(), StandardCharsets.UTF_8)).orElse(null);
    }

    private void onReply(SimNode node, Reply reply) {
        ConfigHistory.Op op = history.get(reply.requestId());
        if (op == null || op.result != ConfigHistory.Result.PENDING) {
            return;
        }
        op.completedAt = now;
        Outcome outcome = reply.outcome();
        if (outcome instanceof Outcome.Done done) {
            op.result = ConfigHistory.Result.OK;
            op.version = done.version();
            op.epoch = done.epoch();
        } else if (outcome instanceof Outcome.ReadReady) {
            op.result = ConfigHistory.Result.OK;
            ConfigTree tree = node.core().configDb().tree();
            op.version = tree.version();
            op.readValue = tree.file(op.path).map(f -> new String(f.content().unsafeArray(), StandardCharsets.UTF_8)).orElse(null);
        } else if (outcome instanceof Outcome.UnsafeApplied unsafe) {
            op.result = ConfigHistory.Result.FAIL;
            op.failure = "unsafe_write: applied on this node only, on version " + unsafe.basedOnVersion();
        } else if (outcome instanceof Outcome.Refused refused) {
            op.result = ConfigHistory.Result.FAIL;
            op.failure = refused.reason().code() + ": " + refused.detail();
        } else {
            op.result = ConfigHistory.Result.UNKNOWN;
            op.failure = ((Outcome.Unknown) outcome).detail();
        }
        configChecker.onCompleted(now, op);
    }

    /** Never two lock holders: judged on each node's own clock, at every step. */
    private void checkLockHolders() {
        for (String lock : SimWorkload.LOCKS) {
            List<String> holders = new ArrayList<>();
            for (SimNode node : nodes.values()) {
                if (node.isUp()) {
                    node.core().configDb().heldLock(lock, node.localNow(now))
                            .ifPresent(h -> holders.add("n" + node.id + " (epoch " + h.epoch() + ")"));
                }
            }
            if (holders.size() > 1 && !lockViolationReported.containsKey(lock)) {
                lockViolationReported.put(lock, true);
                safety.addViolation(String.format("t=%s lock %s held by %s at once", seconds(now), lock, holders));
            }
        }
    }

    /**
     * After the run: operations in real-time order, and every live node with the same tree at or
     * past every acknowledged version.
     */
    public void checkConfig() {
        configChecker.checkRealTimeOrder(history.ops());
        long highestAcknowledged = history.ops().stream()
                .filter(op -> op.result == ConfigHistory.Result.OK && op.changesTree())
                .mapToLong(op -> op.version).max().orElse(0);
        Map<Integer, ConfigTree> trees = new TreeMap<>();
        nodes.values().stream().filter(SimNode::isUp).forEach(n -> trees.put(n.id, n.core().configDb().tree()));
        configChecker.checkConverged(now, trees, highestAcknowledged);
    }

    /** One line on the client history, for the run summary. */
    public String historySummary() {
        Map<String, Long> reasons = new TreeMap<>();
        history.ops().stream().filter(op -> op.result == ConfigHistory.Result.FAIL)
                .forEach(op -> reasons.merge(op.failure.substring(0, op.failure.indexOf(':')), 1L, Long::sum));
        return String.format("%d client ops: %d ok, %d failed %s, %d unknown; %d versions applied", history.ops().size(),
                history.count(ConfigHistory.Result.OK), history.count(ConfigHistory.Result.FAIL), reasons,
                history.count(ConfigHistory.Result.UNKNOWN) + history.count(ConfigHistory.Result.PENDING),
                configChecker.versionsApplied());
    }

    private void afterStateChange() {
        if (twoNode) {
            return;
        }
        Map<Integer, View> quorate = new HashMap<>();
        for (SimNode node : nodes.values()) {
            if (node.isUp() && node.core().quorumStatus().quorate()) {
                quorate.put(node.id, node.core().view());
            }
        }
        safety.checkNoDisjointQuorums(now, quorate);
    }

    /**
     * A quorate node must be backed by a quorum of votes from members that really are in its view
     * (up, same ring id): otherwise a vote is counted in two places. Tolerated for the time failure
     * detection and a new view may take.
     */
    private void checkNoStaleQuorum() {
        for (SimNode node : nodes.values()) {
            QuorumStatus status = node.isUp() ? node.core().quorumStatus() : null;
            if (status == null || !status.quorate() || twoNode || safety.unsafeModeUsed()) {
                staleSince.remove(node.id);
                continue;
            }
            View view = node.core().view();
            int backing = 0;
            for (QuorumStatus.Member member : status.members()) {
                SimNode other = nodes.get(member.nodeId());
                if (other != null && other.isUp() && other.core().view().ring().equals(view.ring())) {
                    backing += member.votes();
                }
            }
            if (backing >= status.quorum()) {
                staleSince.remove(node.id);
                continue;
            }
            long since = staleSince.computeIfAbsent(node.id, id -> now);
            if (now - since > staleGraceMs) {
                safety.addViolation(String.format("t=%s n%d quorate in view %s for %d ms while only %d votes of its members are in that view (quorum %d)",
                        seconds(now), node.id, view, now - since, backing, status.quorum()));
                staleSince.put(node.id, Long.MAX_VALUE / 2); // report once per episode
            }
        }
    }

    /**
     * Checks that every live node has installed the same view, made of exactly the live nodes, and
     * reports the same quorum; records a violation naming {@code deadlineLabel} otherwise.
     */
    public boolean checkConverged(String deadlineLabel) {
        SortedSet<Integer> live = new TreeSet<>();
        nodes.values().stream().filter(SimNode::isUp).forEach(n -> live.add(n.id));
        View reference = null;
        Boolean quorate = null;
        List<String> problems = new ArrayList<>();
        for (int id : live) {
            NodeStatusLine line = statusOf(nodes.get(id));
            if (reference == null) {
                reference = line.view;
                quorate = line.quorate;
            }
            if (!line.view.equals(reference) || !line.view.members().equals(live) || line.quorate != quorate) {
                problems.add(line.toString());
            }
        }
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>();
            live.forEach(id -> all.add(statusOf(nodes.get(id)).toString()));
            safety.addViolation(String.format("t=%s not converged by %s: live nodes %s; %s",
                    seconds(now), deadlineLabel, live, String.join("; ", all)));
            return false;
        }
        return true;
    }

    public List<String> violations() {
        return safety.violations();
    }

    public List<String> timeline() {
        return timeline;
    }

    /** One line per node: its view and quorum now. */
    public List<String> finalState() {
        List<String> lines = new ArrayList<>();
        for (SimNode node : nodes.values()) {
            lines.add(node.isUp() ? statusOf(node).toString() : "n" + node.id + " down");
        }
        return lines;
    }

    public String stats() {
        return String.format("%d steps, %d messages delivered, %d dropped", steps, network.delivered(), network.dropped());
    }

    private static NodeStatusLine statusOf(SimNode node) {
        QuorumStatus status = node.core().quorumStatus();
        return new NodeStatusLine(node.id, node.core().view(), status.quorate(), status.totalVotes(), status.quorum());
    }

    private record NodeStatusLine(int id, View view, boolean quorate, int totalVotes, int quorum) {
        @Override
        public String toString() {
            return String.format("n%d ring %s members %s %s (votes %d, quorum %d)", id, view.ring(), view.members(),
                    quorate ? "quorate" : "inquorate", totalVotes, quorum);
        }
    }

    static String seconds(long ms) {
        return String.format("%d.%03ds", ms / 1000, ms % 1000);
    }
}
