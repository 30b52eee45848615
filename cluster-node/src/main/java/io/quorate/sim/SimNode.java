package io.quorate.sim;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.node.ClusterSpec;
import io.quorate.node.NodeCore;
import io.quorate.protocol.ClusterMessage;
import java.util.Random;

/** One simulated node: a {@link NodeCore} on its own drifting clock, plus what it persisted. */
final class SimNode {
    final int id;
    final SimClock clock;
    private final ClusterSpec initialSpec;
    private final long randomSeed;
    private NodeCore core;
    private long persistedRingSequence;
    private ClusterSpec persistedSpec;
    private int incarnation;

    SimNode(int id, SimClock clock, ClusterSpec spec, long randomSeed) {
        this.id = id;
        this.clock = clock;
        this.initialSpec = spec;
        this.persistedSpec = spec;
        this.randomSeed = randomSeed;
    }

    boolean isUp() {
        return core != null;
    }

    NodeCore core() {
        return core;
    }

    void start(long trueNow, Outbox out) {
        incarnation++;
        core = new NodeCore(id, persistedSpec, persistedRingSequence, new Random(randomSeed * 31 + incarnation),
                text -> {
                    throw new IllegalArgumentException("config changes are not simulated");
                });
        core.start(clock.localTime(trueNow), out);
    }

    void crash() {
        core = null;
    }

    void deliver(int from, ClusterMessage message, long trueNow, Outbox out) {
        core.receive(from, message, clock.localTime(trueNow), out);
    }

    void tick(long trueNow, Outbox out) {
        core.tick(clock.localTime(trueNow), out);
    }

    long nextTrueDeadline() {
        return core == null ? Long.MAX_VALUE : clock.trueTimeOf(core.nextDeadline());
    }

    /** Carries out the effects of a step the way the runtime does: persist before anything is sent. */
    void persist(Outbox out) {
        for (Effect effect : out.effects()) {
            if (effect instanceof Effect.PersistRingSequence sequence) {
                persistedRingSequence = sequence.highestSequence();
            } else if (effect instanceof Effect.PersistClusterConfig) {
                persistedSpec = core.spec();
            }
        }
    }

    ClusterSpec initialSpec() {
        return initialSpec;
    }
}
