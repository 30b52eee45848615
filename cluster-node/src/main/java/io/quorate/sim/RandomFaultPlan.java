package io.quorate.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded schedule of mixed faults for the safety phase — partitions (halves, isolation,
 * one-way and non-transitive cuts), crashes, clean stops, restarts, loss, duplication, delay and
 * the admin's expected-votes override —
 * followed at {@code safetyEndMs} by a full repair: heal, normal delays, every node restarted.
 */
final class RandomFaultPlan {
    private RandomFaultPlan() {
    }

    static void schedule(Simulation sim, Random random, long safetyEndMs, long tokenMs) {
        List<Integer> ids = new ArrayList<>(sim.nodeIds());
        long t = 1000 + random.nextLong(2000);
        while (t < safetyEndMs) {
            sim.at(t, pick(random, ids, tokenMs));
            t += 300 + random.nextLong(3 * tokenMs);
        }
        sim.at(safetyEndMs, new SimFault.Heal());
        sim.at(safetyEndMs, new SimFault.Delay(1, 5));
        for (int id : ids) {
            sim.at(safetyEndMs, new SimFault.Restart(id));
        }
    }

    private static SimFault pick(Random random, List<Integer> ids, long tokenMs) {
        int roll = random.nextInt(100);
        if (roll < 15) {
            return randomHalves(random, ids);
        } else if (roll < 25) {
            int isolated = any(random, ids);
            Set<Integer> rest = new HashSet<>(ids);
            rest.remove(isolated);
            return new SimFault.Partition(List.of(Set.of(isolated), rest));
        } else if (roll < 40) {
            int from = any(random, ids);
            int to = any(random, ids);
            return from == to ? new SimFault.Heal() : new SimFault.Cut(from, to);
        } else if (roll < 52) {
            return new SimFault.Heal();
        } else if (roll < 62) {
            return new SimFault.Crash(any(random, ids));
        } else if (roll < 67) {
            return new SimFault.Stop(any(random, ids));
        } else if (roll < 80) {
            return new SimFault.Restart(any(random, ids));
        } else if (roll < 88) {
            return new SimFault.Loss(random.nextInt(31) / 100.0);
        } else if (roll < 92) {
            return new SimFault.Duplicate(random.nextInt(11) / 100.0);
        } else if (roll < 93) {
            // the admin's unsafe override on a node that may be cut off: it may write locally, never commit
            return new SimFault.Expected(any(random, ids), 1);
        } else {
            long max = 1 + random.nextLong(Math.max(2, tokenMs / 5));
            return new SimFault.Delay(random.nextLong(max), max);
        }
    }

    private static SimFault randomHalves(Random random, List<Integer> ids) {
        Set<Integer> a = new HashSet<>();
        Set<Integer> b = new HashSet<>();
        for (int id : ids) {
            (random.nextBoolean() ? a : b).add(id);
        }
        if (a.isEmpty() || b.isEmpty()) {
            return new SimFault.Heal();
        }
        return new SimFault.Partition(List.of(a, b));
    }

    private static int any(Random random, List<Integer> ids) {
        return ids.get(random.nextInt(ids.size()));
    }
}
