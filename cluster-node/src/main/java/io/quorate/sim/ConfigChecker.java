package io.quorate.sim;

import io.quorate.configdb.Command;
import io.quorate.configdb.ConfigTree;
import io.quorate.core.Outcome;
import io.quorate.protocol.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Checks the config tree's safety over a run. Every check is exact and linear in the history,
 * because every operation carries the global version it committed at or read:
 * <ul>
 * <li>no two nodes apply different entries at one version (so no two nodes hold different content
 * at the same version);</li>
 * <li>nothing is applied anywhere before a majority of the voters has it on disk;</li>
 * <li>an acknowledged write is the entry at its version, for good (never lost or replaced);</li>
 * <li>operations respect real-time order (a later operation never sees an older version), and a
 * consistent read returns the content at the version it reports;</li>
 * <li>a write under a lock applies only at the lock's current epoch, by its holder;</li>
 * <li>no client request is applied twice (a duplicated message must not repeat a write).</li>
 * </ul>
 * The never-two-lock-holders check runs on live node state ({@link Simulation}).
 */
final class ConfigChecker {
    /** The first application of each version seen anywhere: what every other node must match. */
    private record Reference(long term, Command command, Outcome outcome, int firstNode) {
    }

    private final TreeMap<Long, Reference> reference = new TreeMap<>();
    /** Path → version → content (null: removed), from the reference in order. */
    private final Map<String, TreeMap<Long, String>> contentByPath = new HashMap<>();
    /** Lock → (holder, epoch) as the reference has it so far. */
    private final Map<String, long[]> lockModel = new HashMap<>();
    private final List<String> violations;
    private long contiguousThrough;
    /** Client requests applied so far, so one applied twice (a duplicated forward) is caught. */
    private final Map<io.quorate.configdb.Origin, Long> appliedRequests = new HashMap<>();

    ConfigChecker(List<String> violations) {
        this.violations = violations;
    }

    /**
     * A node applied an entry. {@code durablyHeld} tells whether a node's disk holds the entry;
     * {@code voters} and {@code majority} describe who must.
     */
    void onApplied(long now, int node, LogEntry entry, Command command, Outcome outcome, List<Integer> voters,
                   IntPredicate durablyHeld) {
        Reference known = reference.get(entry.index());
        if (known != null) {
            if (known.term() != entry.term() || !known.command().equals(command) || !sameOutcome(known.outcome(), outcome)) {
                violations.add(String.format("t=%s n%d applied %s (term %d, %s) at version %d, but n%d applied %s (term %d, %s) there",
                        Simulation.seconds(now), node, describe(command), entry.term(), outcome, entry.index(), known.firstNode(),
                        describe(known.command()), known.term(), known.outcome()));
            }
            return;
        }
        long holders = voters.stream().filter(durablyHeld::test).count();
        int majority = voters.size() / 2 + 1;
        if (holders < majority) {
            violations.add(String.format("t=%s n%d applied version %d (%s) while only %d of voters %s have it on disk (majority %d)",
                    Simulation.seconds(now), node, entry.index(), describe(command), holders, voters, majority));
        }
        reference.put(entry.index(), new Reference(entry.term(), command, outcome, node));
        while (reference.containsKey(contiguousThrough + 1)) {
            contiguousThrough++;
            fold(now, contiguousThrough, reference.get(contiguousThrough));
        }
    }

    /** Folds the reference in version order into per-path contents and the lock model. */
    private void fold(long now, long version, Reference ref) {
        boolean done = ref.outcome() instanceof Outcome.Done;
        Command command = ref.command();
        if (command instanceof Command.Write write && write.guard() != null && !write.guard().isNone() && done) {
            long[] lock = lockModel.get(write.guard().lock());
            if (lock == null || lock[1] != write.guard().epoch() || lock[0] != write.origin().nodeId()) {
                violations.add(String.format("t=%s version %d: write to %s under lock %s epoch %d by n%d was accepted, but the lock is %s",
                        Simulation.seconds(now), version, write.path(), write.guard().lock(), write.guard().epoch(),
                        write.origin().nodeId(), lock == null ? "free" : "held by n" + lock[0] + " at epoch " + lock[1]));
            }
        }
        if (!done) {
            return;
        }
        if (command.origin().session() != 0) {
            Long earlier = appliedRequests.putIfAbsent(command.origin(), version);
            if (earlier != null) {
                violations.add(String.format("t=%s version %d applies %s again: it was applied at version %d already",
                        Simulation.seconds(now), version, describe(command), earlier));
            }
        }
        if (command instanceof Command.Write write) {
            contentByPath.computeIfAbsent(write.path(), p -> new TreeMap<>())
                    .put(version, new String(write.content().unsafeArray(), StandardCharsets.UTF_8));
        } else if (command instanceof Command.Remove remove) {
            contentByPath.computeIfAbsent(remove.path(), p -> new TreeMap<>()).put(version, null);
        } else if (command instanceof Command.LockAcquire acquire) {
            lockModel.put(acquire.lock(), new long[] {acquire.origin().nodeId(), version});
        } else if (command instanceof Command.LockRelease release) {
            lockModel.remove(release.lock());
        }
    }

    /** A client got an answer: checks it against the reference. */
    void onCompleted(long now, ConfigHistory.Op op) {
        if (op.result != ConfigHistory.Result.OK) {
            return;
        }
        if (op.kind == ConfigHistory.Kind.READ) {
            if (op.version > contiguousThrough) {
                violations.add(String.format("t=%s %s: read at a version not yet applied in order anywhere (through %d)",
                        Simulation.seconds(now), op, contiguousThrough));
                return;
            }
            String expected = contentAt(op.path, op.version);
            if (!java.util.Objects.equals(expected, op.readValue)) {
                violations.add(String.format("t=%s %s: the content of %s at version %d is %s", Simulation.seconds(now), op,
                        op.path, op.version, expected));
            }
            return;
        }
        Reference ref = reference.get(op.version);
        if (ref == null || !(ref.outcome() instanceof Outcome.Done)) {
            violations.add(String.format("t=%s %s acknowledged, but version %d is %s", Simulation.seconds(now), op, op.version,
                    ref == null ? "not applied anywhere" : "refused: " + ref.outcome()));
            return;
        }
        if (ref.command().origin().nodeId() != op.node || !matches(op, ref.command())) {
            violations.add(String.format("t=%s %s acknowledged, but version %d holds %s", Simulation.seconds(now), op, op.version,
                    describe(ref.command())));
        }
    }

    /** The content of a path at a version, from the reference. */
    String contentAt(String path, long version) {
        TreeMap<Long, String> versions = contentByPath.get(path);
        if (versions == null) {
            return null;
        }
        Map.Entry<Long, String> at = versions.floorEntry(version);
        return at == null ? null : at.getValue();
    }

    /**
     * Real-time order: an operation invoked after another completed must reflect a version at least
     * as new (a newer one if it changed the tree). Exact and n log n: sort by completion, sweep.
     */
    void checkRealTimeOrder(List<ConfigHistory.Op> ops) {
        List<ConfigHistory.Op> ok = ops.stream().filter(op -> op.result == ConfigHistory.Result.OK).toList();
        List<ConfigHistory.Op> byCompletion = new ArrayList<>(ok);
        byCompletion.sort(Comparator.comparingLong(op -> op.completedAt));
        List<ConfigHistory.Op> byInvocation = new ArrayList<>(ok);
        byInvocation.sort(Comparator.comparingLong(op -> op.invokedAt));
        long maxCompletedVersion = 0;
        ConfigHistory.Op witness = null;
        int c = 0;
        for (ConfigHistory.Op op : byInvocation) {
            while (c < byCompletion.size() && byCompletion.get(c).completedAt < op.invokedAt) {
                ConfigHistory.Op done = byCompletion.get(c++);
                if (done.version > maxCompletedVersion) {
                    maxCompletedVersion = done.version;
                    witness = done;
                }
            }
            boolean stale = op.changesTree() ? op.version <= maxCompletedVersion : op.version < maxCompletedVersion;
            if (stale) {
                violations.add(String.format("%s reflects version %d, but %s had completed before it was invoked",
                        op, op.version, witness));
                return;
            }
        }
    }

    /** Every live node ends with the same tree (same bytes), at or past every acknowledged version. */
    void checkConverged(long now, Map<Integer, ConfigTree> liveTrees, long highestAcknowledged) {
        byte[] first = null;
        int firstNode = 0;
        for (Map.Entry<Integer, ConfigTree> e : liveTrees.entrySet()) {
            ConfigTree tree = e.getValue();
            if (tree.version() < highestAcknowledged) {
                violations.add(String.format("t=%s n%d ended at version %d, below the acknowledged version %d",
                        Simulation.seconds(now), e.getKey(), tree.version(), highestAcknowledged));
            }
            byte[] bytes = tree.snapshot();
            if (first == null) {
                first = bytes;
                firstNode = e.getKey();
            } else if (!java.util.Arrays.equals(first, bytes)) {
                violations.add(String.format("t=%s n%d ended with a different config tree (version %d) than n%d",
                        Simulation.seconds(now), e.getKey(), tree.version(), firstNode));
            }
        }
    }

    long versionsApplied() {
        return contiguousThrough;
    }

    private static boolean matches(ConfigHistory.Op op, Command command) {
        return switch (op.kind) {
            case WRITE, GUARDED_WRITE -> command instanceof Command.Write w && w.path().equals(op.path)
                    && new String(w.content().unsafeArray(), StandardCharsets.UTF_8).equals(op.value);
            case REMOVE -> command instanceof Command.Remove r && r.path().equals(op.path);
            case ACQUIRE -> command instanceof Command.LockAcquire a && a.path().equals(op.path);
            case RENEW -> command instanceof Command.LockRenew r && r.path().equals(op.path);
            case RELEASE -> command instanceof Command.LockRelease r && r.path().equals(op.path);
            case READ -> false;
        };
    }

    private static boolean sameOutcome(Outcome a, Outcome b) {
        return a.getClass() == b.getClass() && (!(a instanceof Outcome.Done da) || da.equals(b))
                && (!(a instanceof Outcome.Refused ra) || ra.reason() == ((Outcome.Refused) b).reason());
    }

    private static String describe(Command command) {
        return command.operation() + " " + command.path() + " by n" + command.origin().nodeId() + "/" + command.origin().requestId();
    }
}
