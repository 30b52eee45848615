package io.quorate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seeds that once found a bug, kept as regressions whatever range the seed sweep covers. */
class SimulatorRegressionSeedsTest {
    @ParameterizedTest(name = "seed {0}: {3}")
    @CsvSource(delimiter = '|', value = {
            // a renewal asked before a release, applied after it, revived the holder's belief while
            // another node took the lock
            "10541 | 5 | 300 | renewal after release",
    })
    void seedPasses(long seed, int nodes, long tokenMs, String bug) {
        SimRun.Outcome outcome = SimRun.random(new SimRun.Settings(nodes, seed, tokenMs, 20_000));
        assertEquals(List.of(), outcome.violations(), bug);
    }
}
