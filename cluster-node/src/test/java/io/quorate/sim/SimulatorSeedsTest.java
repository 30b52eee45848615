package io.quorate.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of seeded random-fault runs (partitions incl. one-way and non-transitive cuts, crashes,
 * clean stops, restarts, loss, duplication, reordering, clock drift), each checking: same ring id ⇒
 * same members; never two disjoint quorate sets; after repair all live nodes agree on view and
 * quorum within token + consensus. {@code -Plong} (or {@code -Dquorate.sim.seeds=N}) runs thousands.
 */
class SimulatorSeedsTest {
    private static final int SEEDS = Integer.getInteger("quorate.sim.seeds", 500);
    private static final long FIRST_SEED = Long.getLong("quorate.sim.firstSeed", 1);

    @Test
    void randomFaultSeedsKeepViewsAgreedQuorumsSafeAndConverge() {
        List<String> failures = new ArrayList<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            int nodes = 3 + (int) (seed % 3); // 3, 4 and 5 nodes
            long token = seed % 2 == 0 ? 1000 : 300;
            SimRun.Settings settings = new SimRun.Settings(nodes, seed, token, 20_000);
            SimRun.Outcome outcome = SimRun.random(settings);
            if (!outcome.passed()) {
                failures.add("seed " + seed + ": " + outcome.violations().get(0) + "\n    replay: " + settings.replayCommand());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + " seeds failed:\n" + String.join("\n", failures));
    }
}
