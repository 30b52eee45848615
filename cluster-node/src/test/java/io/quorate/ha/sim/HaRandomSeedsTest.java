package io.quorate.ha.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of seeded random HA scenarios (power and network faults, shutdowns, reboots, LRM
 * restarts, maintenance, migrations, stops, then a repair): no service ever runs on two nodes, and
 * after the repair every wanted service runs on exactly one. {@code -Dquorate.ha.seeds=N} runs more.
 */
class HaRandomSeedsTest {
    private static final int SEEDS = Integer.getInteger("quorate.ha.seeds", 2000);

    @Test
    void noServiceRunsTwiceAndEveryServiceRunsAfterTheRepair() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            HaRandomRun.Outcome outcome = HaRandomRun.run(seed);
            if (!outcome.passed()) {
                failures.add("seed " + seed + ": " + outcome.violations().get(0) + "\n    replay: bin/quorate ha sim-random --seed " + seed);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + " seeds failed:\n" + String.join("\n", failures));
    }
}
