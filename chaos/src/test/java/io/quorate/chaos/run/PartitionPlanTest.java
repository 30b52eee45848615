package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.experiment.Action.Direction;
import io.quorate.chaos.experiment.Action.PartitionMode;
import io.quorate.chaos.run.PartitionPlan.Cut;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    @Test
    void isolateCutsTheTargetFromEveryOtherNodeBothWays() {
        List<Cut> cuts = PartitionPlan.cuts(PartitionMode.ISOLATE, List.of("n1", "n2", "n3"), "n2", List.of(), Direction.BOTH, new Random(1));
        assertEquals(Set.of(new Cut("n2", "n1"), new Cut("n1", "n2"), new Cut("n2", "n3"), new Cut("n3", "n2")), Set.copyOf(cuts));
    }

    @Test
    void oneWayDropsOnlyWhatLeavesTheTargetSide() {
        List<Cut> cuts = PartitionPlan.cuts(PartitionMode.ISOLATE, List.of("n1", "n2", "n3"), "n2", List.of(), Direction.ONE_WAY, new Random(1));
        assertEquals(Set.of(new Cut("n2", "n1"), new Cut("n2", "n3")), Set.copyOf(cuts));
    }

    @Test
    void majorityMinorityPutsTheTargetInAMinorityOfFloorHalf() {
        for (long seed = 0; seed < 50; seed++) {
            List<Cut> cuts = PartitionPlan.cuts(PartitionMode.MAJORITY_MINORITY, FIVE, "n3", List.of(), Direction.BOTH, new Random(seed));
            List<Set<String>> sides = components(FIVE, cuts);
            assertEquals(2, sides.size(), "two sides for seed " + seed);
            Set<String> minority = sides.stream().filter(s -> s.contains("n3")).findFirst().orElseThrow();
            assertEquals(2, minority.size(), "2|3 split for seed " + seed + ": " + sides);
        }
    }

    @Test
    void anExplicitMinorityIsUsedAsGiven() {
        List<Cut> cuts = PartitionPlan.cuts(PartitionMode.MAJORITY_MINORITY, FIVE, null, List.of("n4", "n5"), Direction.BOTH, new Random(7));
        assertTrue(components(FIVE, cuts).contains(Set.of("n4", "n5")));
    }

    @Test
    void randomHalvesIsSeededAndSplitsFloorHalf() {
        List<Cut> a = PartitionPlan.cuts(PartitionMode.RANDOM_HALVES, FIVE, null, List.of(), Direction.BOTH, new Random(42));
        List<Cut> b = PartitionPlan.cuts(PartitionMode.RANDOM_HALVES, FIVE, null, List.of(), Direction.BOTH, new Random(42));
        assertEquals(a, b, "the same seed gives the same split");
        List<Set<String>> sides = components(FIVE, a);
        assertEquals(Set.of(2, 3), Set.of(sides.get(0).size(), sides.get(1).size()));
    }

    @Test
    void theBridgeNodeKeepsTalkingToBothHalves() {
        List<Cut> cuts = PartitionPlan.cuts(PartitionMode.BRIDGE, FIVE, "n1", List.of(), Direction.BOTH, new Random(3));
        assertTrue(cuts.stream().noneMatch(c -> c.from().equals("n1") || c.to().equals("n1")), cuts.toString());
        assertEquals(8, cuts.size(), "2x2 nodes cut both ways: " + cuts);
    }

    @Test
    void aRingLeavesEachNodeItsTwoNeighboursOnly() {
        List<Cut> cuts = PartitionPlan.cuts(PartitionMode.RING, FIVE, null, List.of(), Direction.BOTH, new Random(5));
        Map<String, Integer> reachable = new HashMap<>();
        for (String node : FIVE) {
            long cutFrom = cuts.stream().filter(c -> c.to().equals(node)).count();
            reachable.put(node, (int) (FIVE.size() - 1 - cutFrom));
        }
        assertEquals(Map.of("n1", 2, "n2", 2, "n3", 2, "n4", 2, "n5", 2), reachable);
        assertFalse(cuts.isEmpty());
    }

    /** Groups of nodes still connected (both ways) once the cuts are made. */
    private static List<Set<String>> components(List<String> nodes, List<Cut> cuts) {
        Set<Cut> cut = new HashSet<>(cuts);
        List<Set<String>> groups = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String start : nodes) {
            if (!seen.add(start)) {
                continue;
            }
            Set<String> group = new HashSet<>(Set.of(start));
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                String at = todo.pop();
                for (String other : nodes) {
                    if (!group.contains(other) && !cut.contains(new Cut(at, other)) && !cut.contains(new Cut(other, at))) {
                        group.add(other);
                        seen.add(other);
                        todo.push(other);
                    }
                }
            }
            groups.add(group);
        }
        return groups;
    }
}
