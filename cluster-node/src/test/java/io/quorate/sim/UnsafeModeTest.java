package io.quorate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proxmox's recovery path, {@code pvecm expected 1} on a cut-off node: it may write, but only
 * locally and loudly; nothing commits without a majority, and on rejoin its writes are reported
 * and the cluster's content wins.
 */
class UnsafeModeTest {
    private static SimWorkload.Planned write(int node, String path, String value) {
        return new SimWorkload.Planned(node, ConfigHistory.Kind.WRITE, path, value, null, false);
    }

    @Test
    void aLoneNodeWithLoweredExpectedVotesWritesOnlyLocallyAndReportsTheDivergenceOnRejoin() {
        Simulation sim = new Simulation(SimRun.spec(3, 1000), 42, SimRun.MAX_DRIFT);
        sim.at(3_000, new SimFault.Partition(List.of(Set.of(3), Set.of(1, 2))));
        sim.at(6_000, new SimFault.Expected(3, 1));
        sim.at(12_000, new SimFault.Heal());
        sim.startAll();
        sim.runUntil(2_500);
        ConfigHistory.Op before = sim.invoke(write(1, "datacenter.cfg", "keyboard: en-us"));
        sim.runUntil(2_900);
        assertEquals(ConfigHistory.Result.OK, before.result, before.toString());

        sim.runUntil(5_500);
        ConfigHistory.Op refused = sim.invoke(write(3, "datacenter.cfg", "refused"));
        assertEquals(ConfigHistory.Result.FAIL, refused.result);
        assertTrue(refused.failure.contains("cluster not ready - no quorum?"), refused.failure);

        sim.runUntil(8_000);
        ConfigHistory.Op lonely = sim.invoke(write(3, "datacenter.cfg", "lonely"));
        sim.runUntil(8_100);
        assertTrue(lonely.failure != null && lonely.failure.startsWith("unsafe_write"), lonely.toString());
        assertEquals("lonely", sim.contentOn(3, "datacenter.cfg"));
        ConfigHistory.Op majority = sim.invoke(write(1, "datacenter.cfg", "from the majority"));
        sim.runUntil(8_500);
        assertEquals(ConfigHistory.Result.OK, majority.result, majority.toString());
        assertEquals("from the majority", sim.contentOn(2, "datacenter.cfg"));

        sim.runUntil(20_000);
        assertEquals("from the majority", sim.contentOn(3, "datacenter.cfg"), "the cluster's content wins on rejoin");
        assertTrue(sim.timeline().stream().anyMatch(line -> line.contains("n3 config.diverged") && line.contains("datacenter.cfg")),
                String.join("\n", sim.timeline()));
        sim.checkConfig();
        assertEquals(List.of(), sim.violations());
    }
}
