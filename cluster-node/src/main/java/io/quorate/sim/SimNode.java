package io.quorate.sim;

import io.quorate.configdb.ConfigDbSettings;
import io.quorate.configdb.MemoryLog;
import io.quorate.configdb.StoredLog;
import io.quorate.core.DiskGate;
import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.core.StepOutput;
import io.quorate.node.ClusterSpec;
import io.quorate.node.NodeCore;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/**
 * One simulated node: a {@link NodeCore} on its own drifting clock, plus its disk. The disk keeps
 * what was synced; writes of the config log wait in a {@link DiskGate} for a sync that takes a
 * random time, and a crash loses whatever was not synced yet (with the messages and replies that
 * were waiting for it), as a power cut does.
 */
final class SimNode {
    final int id;
    final SimClock clock;
    private final long randomSeed;
    private final ConfigDbSettings configSettings;
    private final Random diskRandom;
    private final DiskGate gate = new DiskGate();
    private NodeCore core;
    private long persistedRingSequence;
    private ClusterSpec persistedSpec;
    private int incarnation;
    private long syncDoneAt = Long.MAX_VALUE;
    private final MemoryLog disk = new MemoryLog();

    SimNode(int id, SimClock clock, ClusterSpec spec, long randomSeed, ConfigDbSettings configSettings) {
        this.id = id;
        this.clock = clock;
        this.persistedSpec = spec;
        this.randomSeed = randomSeed;
        this.configSettings = configSettings;
        this.diskRandom = new Random(randomSeed ^ 0xD15C);
    }

    boolean isUp() {
        return core != null;
    }

    NodeCore core() {
        return core;
    }

    int incarnation() {
        return incarnation;
    }

    void start(long trueNow, Outbox out) {
        incarnation++;
        StoredLog stored = disk.stored();
        try {
            core = new NodeCore(id, persistedSpec, persistedRingSequence, new Random(randomSeed * 31 + incarnation),
                    text -> {
                        throw new IllegalArgumentException("config changes are not simulated");
                    }, stored, configSettings);
        } catch (IOException e) {
            throw new UncheckedIOException("n" + id + " cannot start from its own disk", e);
        }
        core.start(clock.localTime(trueNow), out);
    }

    /** Power loss: the process and everything not yet synced are gone. */
    void crash() {
        core = null;
        gate.clear();
        syncDoneAt = Long.MAX_VALUE;
    }

    void deliver(int from, ClusterMessage message, long trueNow, Outbox out) {
        core.receive(from, message, clock.localTime(trueNow), out);
    }

    void tick(long trueNow, Outbox out) {
        core.tick(clock.localTime(trueNow), out);
    }

    long localNow(long trueNow) {
        return clock.localTime(trueNow);
    }

    long nextTrueDeadline() {
        return core == null ? Long.MAX_VALUE : clock.trueTimeOf(core.nextDeadline());
    }

    long syncDoneAt() {
        return syncDoneAt;
    }

    /**
     * Takes a step's outputs: small inline writes (ring sequence, corosync.conf) are stored at once,
     * as the runtime does; config-log writes go to the disk queue. Returns the outputs that may be
     * released now (empty when they wait for a sync).
     */
    List<StepOutput> persist(Outbox out, long trueNow) {
        for (Effect effect : out.effects()) {
            if (effect instanceof Effect.PersistRingSequence sequence) {
                persistedRingSequence = sequence.highestSequence();
            } else if (effect instanceof Effect.PersistClusterConfig) {
                persistedSpec = core.spec();
            }
        }
        StepOutput step = StepOutput.takeFrom(out);
        out.effects().clear();
        if (gate.offer(step)) {
            return List.of(step);
        }
        startSyncIfIdle(trueNow);
        return List.of();
    }

    private void startSyncIfIdle(long trueNow) {
        if (gate.readyToSync()) {
            gate.beginSync();
            // fsync takes 1-3 ms here; sometimes a slow disk takes 20
            syncDoneAt = trueNow + 1 + diskRandom.nextInt(3) + (diskRandom.nextInt(50) == 0 ? 20 : 0);
        }
    }

    /**
     * The running sync completed: the effects are durable now. Returns the released steps and the
     * last log entry now on disk (null if none was appended), which the driver reports to the core.
     */
    Synced completeSync(long trueNow) {
        syncDoneAt = Long.MAX_VALUE;
        List<StepOutput> done = gate.endSync();
        LogEntry lastAppended = null;
        for (StepOutput step : done) {
            for (Effect effect : step.storage()) {
                disk.store(effect);
            }
            if (step.lastAppended() != null) {
                lastAppended = step.lastAppended();
            }
        }
        startSyncIfIdle(trueNow);
        return new Synced(done, lastAppended);
    }

    record Synced(List<StepOutput> released, LogEntry lastAppended) {
    }

    /** Whether this node's disk holds the entry at {@code index} with {@code entryTerm} (or a snapshot past it). */
    boolean durablyHas(long index, long entryTerm) {
        return disk.has(index, entryTerm);
    }
}
