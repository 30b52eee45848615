package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.experiment.Action;
import io.quorate.chaos.experiment.RandomNemesis;
import io.quorate.chaos.experiment.RandomNemesis.FaultKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NemesisScheduleTest {
    private static RandomNemesis nemesis(Map<FaultKind, Integer> weights) {
        return new RandomNemesis(OptionalLong.empty(), Duration.ofSeconds(60), Duration.ofSeconds(10), weights, List.of());
    }

    @Test
    void oneFaultPerIntervalEachHeldHalfOfIt() {
        List<NemesisSchedule.Step> steps = NemesisSchedule.draw(nemesis(Map.of(FaultKind.KILL, 1)), 1, 3);
        assertEquals(6, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(Duration.ofSeconds(10L * i), steps.get(i).at());
            assertEquals(Duration.ofSeconds(5), steps.get(i).hold());
            assertEquals("nemesis-" + (i + 1), steps.get(i).fault().name().orElseThrow(), "named, so each is healed by name");
        }
    }

    @Test
    void theSeedNamesTheWholeSchedule() {
        Map<FaultKind, Integer> weights = new LinkedHashMap<>();
        for (FaultKind kind : FaultKind.values()) {
            weights.put(kind, 1);
        }
        assertEquals(NemesisSchedule.draw(nemesis(weights), 99, 5), NemesisSchedule.draw(nemesis(weights), 99, 5));
        assertNotEquals(NemesisSchedule.draw(nemesis(weights), 99, 5), NemesisSchedule.draw(nemesis(weights), 100, 5));
    }

    @Test
    void kindsAreDrawnByWeight() {
        Map<FaultKind, Integer> weights = new LinkedHashMap<>();
        weights.put(FaultKind.PARTITION, 9);
        weights.put(FaultKind.POWER, 1);
        RandomNemesis long1 = new RandomNemesis(OptionalLong.empty(), Duration.ofSeconds(10_000), Duration.ofSeconds(10), weights, List.of());
        List<NemesisSchedule.Step> steps = NemesisSchedule.draw(long1, 5, 3);
        long partitions = steps.stream().filter(s -> s.fault() instanceof Action.Partition).count();
        long power = steps.stream().filter(s -> s.fault() instanceof Action.Power).count();
        assertEquals(steps.size(), partitions + power);
        assertTrue(partitions > 7 * power, partitions + " partitions against " + power + " power cuts");
    }

    @Test
    void partitionShapesFitTheClusterSize() {
        RandomNemesis partitions = new RandomNemesis(OptionalLong.empty(), Duration.ofSeconds(2000), Duration.ofSeconds(10),
                Map.of(FaultKind.PARTITION, 1), List.of());
        for (NemesisSchedule.Step step : NemesisSchedule.draw(partitions, 3, 3)) {
            assertNotEquals(Action.PartitionMode.RING, ((Action.Partition) step.fault()).mode(), "a ring needs 4 nodes");
        }
        for (NemesisSchedule.Step step : NemesisSchedule.draw(partitions, 3, 2)) {
            Action.PartitionMode mode = ((Action.Partition) step.fault()).mode();
            assertTrue(mode == Action.PartitionMode.ISOLATE || mode == Action.PartitionMode.RANDOM_HALVES, mode.toString());
        }
    }
}
