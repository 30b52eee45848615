package io.quorate.sim;

import io.quorate.core.Outbox;
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

    /**
     * @param maxDriftRatio each node's clock runs at a rate within ±this of true time (e.g. 0.005)
     */
    public Simulation(ClusterSpec spec, long seed, double maxDriftRatio) {
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new SimNetwork(new Random(seed ^ 0x5DEECE66DL));
        this.twoNode = spec.quorumOptions().twoNode();
        // failure detection (token), the fallback of a node left out (consensus), and two heartbeat
        // intervals in which members report the ring they moved to
        this.staleGraceMs = spec.timers().tokenMs() + spec.timers().consensusMs() + 2 * spec.timers().heartbeatMs();
        for (int id : spec.nodelist().keySet()) {
            double drift = maxDriftRatio == 0 ? 0 : (random.nextDouble() * 2 - 1) * maxDriftRatio;
            long offset = random.nextLong(1_000_000);
            nodes.put(id, new SimNode(id, new SimClock(offset, drift), spec, random.nextLong()));
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

    /** Starts every node at the current time. */
    public void startAll() {
        for (SimNode node : nodes.values()) {
            node.start(now, out);
            drain(node);
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
            long next = Math.min(nextFault, Math.min(nextDelivery, nextTimer));
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
            afterStateChange();
        } else if (fault instanceof SimFault.Stop stop) {
            SimNode node = node(stop.node());
            if (node.isUp()) {
                node.core().leave(out);
                drain(node);
                node.crash();
                afterStateChange();
            }
        } else if (fault instanceof SimFault.Restart restart) {
            SimNode node = node(restart.node());
            if (!node.isUp()) {
                node.start(now, out);
                drain(node);
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

    /** Records what a node's step produced, persists, then puts its messages on the network. */
    private void drain(SimNode node) {
        if (node.isUp()) {
            node.persist(out);
        }
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
                    || event instanceof MembershipEvent.PeerSuspected) {
                timeline.add(String.format("%9s  n%d %s %s", seconds(now), node.id, event.eventType(), event));
            } else if (event instanceof QuorumEvent.Gained || event instanceof QuorumEvent.Lost
                    || event instanceof QuorumEvent.ExpectedChanged) {
                changed = true;
                timeline.add(String.format("%9s  n%d %s %s", seconds(now), node.id, event.eventType(), event));
            }
        }
        Set<Integer> peers = node.isUp() ? node.core().spec().nodelist().keySet() : nodes.keySet();
        for (Outbox.Outgoing message : out.messages()) {
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
        out.clear();
        if (changed) {
            afterStateChange();
        }
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
