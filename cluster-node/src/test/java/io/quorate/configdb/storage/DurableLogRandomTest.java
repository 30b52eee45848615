package io.quorate.configdb.storage;

import static io.quorate.configdb.storage.WalTestSupport.appendBytes;
import static io.quorate.configdb.storage.WalTestSupport.lastSegment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.protocol.Blob;
import io.quorate.protocol.LogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random appends, truncations, hard states, syncs, snapshots, clean reopens and crashes (some
 * leaving a torn record behind) against an in-memory model of what is durable. A failure names the
 * seed and the step; the seeds are fixed, so every run does the same.
 */
class DurableLogRandomTest {
    private static final long[] SEEDS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
    private static final int STEPS = 300;

    @TempDir
    Path root;

    /** What the log should hold: a snapshot point and state, the entries after it, term and vote. */
    private static final class Model {
        long term;
        int votedFor;
        long snapshotIndex;
        long snapshotTerm;
        byte[] snapshotState;
        final List<LogEntry> entries = new ArrayList<>();

        long lastIndex() {
            return entries.isEmpty() ? snapshotIndex : entries.get(entries.size() - 1).index();
        }

        void truncateFrom(long index) {
            entries.removeIf(entry -> entry.index() >= index);
        }

        Model copy() {
            Model copy = new Model();
            copy.term = term;
            copy.votedFor = votedFor;
            copy.snapshotIndex = snapshotIndex;
            copy.snapshotTerm = snapshotTerm;
            copy.snapshotState = snapshotState;
            copy.entries.addAll(entries);
            return copy;
        }
    }

    @Test
    void randomOperationsMatchTheModel() throws Exception {
        for (long seed : SEEDS) {
            run(seed);
        }
    }

    private void run(long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = root.resolve("seed-" + seed);
        long segmentBytes = 64 + random.nextInt(2000);
        Model current = new Model();
        Model durable = current.copy();
        DurableLog log = DurableLog.open(dir, true, segmentBytes);
        int step = 0;
        try {
            for (step = 0; step < STEPS; step++) {
                int roll = random.nextInt(100);
                if (roll < 40) {
                    append(random, log, current);
                } else if (roll < 48) {
                    long index = current.snapshotIndex + 1 + random.nextInt((int) (current.lastIndex() - current.snapshotIndex) + 3);
                    log.truncateFrom(index);
                    current.truncateFrom(index);
                } else if (roll < 56) {
                    current.term += random.nextInt(2);
                    current.votedFor = random.nextInt(4);
                    log.saveHardState(current.term, current.votedFor);
                } else if (roll < 76) {
                    log.sync();
                    durable = current.copy();
                } else if (roll < 82) {
                    snapshot(random, log, current);
                    durable = current.copy();
                } else if (roll < 90) {
                    log.close();
                    durable = current.copy();
                    log = reopen(dir, segmentBytes, durable, false);
                    current = durable.copy();
                } else if (roll < 96) {
                    log.crash();
                    boolean torn = random.nextBoolean();
                    if (torn) {
                        appendTornRecord(random, lastSegment(dir), durable.lastIndex() + 1);
                    }
                    log = reopen(dir, segmentBytes, durable, torn);
                    current = durable.copy();
                }
                assertEquals(current.lastIndex(), log.lastIndex(), "lastIndex");
                assertEquals(current.snapshotIndex + 1, log.firstIndex(), "firstIndex");
            }
            log.close();
            reopen(dir, segmentBytes, current, false).close();
        } catch (Exception | AssertionError e) {
            throw new AssertionError("seed " + seed + ", step " + step + " (segmentBytes " + segmentBytes + "): " + e, e);
        }
    }

    private static void append(Random random, DurableLog log, Model model) {
        long first = model.lastIndex() + 1;
        if (random.nextInt(5) == 0) {
            first -= random.nextInt((int) (model.lastIndex() - model.snapshotIndex) + 1);
        }
        long term = Math.max(model.term, 1);
        List<LogEntry> batch = new ArrayList<>();
        for (long index = first, n = 1 + random.nextInt(6); index < first + n; index++) {
            byte[] command = new byte[random.nextInt(random.nextInt(10) == 0 ? 300 : 40)];
            random.nextBytes(command);
            batch.add(new LogEntry(term, index, Blob.wrap(command)));
        }
        log.append(batch);
        model.truncateFrom(first);
        model.entries.addAll(batch);
    }

    private static void snapshot(Random random, DurableLog log, Model model) throws Exception {
        long span = model.lastIndex() - model.snapshotIndex;
        long index = Math.max(1, model.snapshotIndex + random.nextInt((int) span + 1) + (random.nextInt(8) == 0 ? 5 : 0));
        long term = Math.max(model.term, 1);
        byte[] state = new byte[random.nextInt(200)];
        random.nextBytes(state);
        log.saveSnapshot(index, term, state);
        model.snapshotIndex = index;
        model.snapshotTerm = term;
        model.snapshotState = state;
        model.entries.removeIf(entry -> entry.index() <= index);
    }

    /** A prefix of a valid record, as a crash during a write leaves it. */
    private static void appendTornRecord(Random random, Path segment, long index) throws Exception {
        RecordBuffer buffer = new RecordBuffer(64);
        byte[] command = new byte[20 + random.nextInt(50)];
        random.nextBytes(command);
        buffer.putEntry(new LogEntry(1, index, Blob.wrap(command)));
        appendBytes(segment, Arrays.copyOf(buffer.array(), 1 + random.nextInt(buffer.size() - 1)));
    }

    private static DurableLog reopen(Path dir, long segmentBytes, Model expected, boolean repairExpected) throws Exception {
        DurableLog log = DurableLog.open(dir, false, segmentBytes);
        Recovered recovered = log.recovered();
        assertEquals(expected.term, recovered.term(), "term");
        assertEquals(expected.votedFor, recovered.votedFor(), "votedFor");
        if (expected.snapshotIndex == 0) {
            assertEquals(null, recovered.snapshot(), "snapshot");
        } else {
            assertEquals(new Snapshot(expected.snapshotIndex, expected.snapshotTerm, Blob.of(expected.snapshotState)),
                    recovered.snapshot(), "snapshot");
        }
        assertEquals(expected.entries, recovered.entries(), "entries");
        assertEquals(repairExpected ? 1 : 0, recovered.repairs().size(), "repairs " + recovered.repairs());
        assertEquals(expected.lastIndex(), log.lastIndex(), "lastIndex after reopen");
        return log;
    }
}
