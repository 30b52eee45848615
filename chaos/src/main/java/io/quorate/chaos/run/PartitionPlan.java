package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Action;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which one-way cuts a partition makes, in Jepsen's shapes: pure, from the node names, the resolved
 * target and a seeded generator. A cut {@code (from, to)} drops packets from {@code from} arriving at
 * {@code to}; {@code both} directions cut each pair twice, {@code one-way} only packets leaving the
 * target side (the isolated node, the minority, the first half).
 */
public final class PartitionPlan {
    /** One dropped direction. */
    public record Cut(String from, String to) {
    }

    private PartitionPlan() {
    }

    /**
     * @param nodes    the lab's nodes in order
     * @param target   the resolved target node, or null when the action has none
     * @param minority the action's explicit minority (majority-minority), possibly empty
     */
    public static List<Cut> cuts(Action.PartitionMode mode, List<String> nodes, String target, List<String> minority,
                                 Action.Direction direction, Random random) {
        return switch (mode) {
            case ISOLATE -> between(List.of(target), without(nodes, List.of(target)), direction);
            case RANDOM_HALVES -> {
                List<String> shuffled = shuffled(nodes, random);
                int small = nodes.size() / 2;
                yield between(shuffled.subList(0, small), shuffled.subList(small, shuffled.size()), direction);
            }
            case MAJORITY_MINORITY -> {
                List<String> side = minority(nodes, target, minority, random);
                yield between(side, without(nodes, side), direction);
            }
            case BRIDGE -> {
                String bridge = target != null ? target : nodes.get(random.nextInt(nodes.size()));
                List<String> others = shuffled(without(nodes, List.of(bridge)), random);
                int half = others.size() / 2;
                yield between(others.subList(0, half), others.subList(half, others.size()), direction);
            }
            case RING -> ring(shuffled(nodes, random), direction);
        };
    }

    /** The explicit minority, or one grown around the target (or drawn) to floor((N-1)/2) nodes. */
    static List<String> minority(List<String> nodes, String target, List<String> explicit, Random random) {
        if (!explicit.isEmpty()) {
            return List.copyOf(explicit);
        }
        int size = (nodes.size() - 1) / 2;
        Set<String> side = new LinkedHashSet<>();
        if (target != null) {
            side.add(target);
        }
        for (String node : shuffled(nodes, random)) {
            if (side.size() >= size) {
                break;
            }
            side.add(node);
        }
        return List.copyOf(side);
    }

    private static List<Cut> ring(List<String> ring, Action.Direction direction) {
        List<Cut> cuts = new ArrayList<>();
        int n = ring.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean neighbours = j == i + 1 || (i == 0 && j == n - 1);
                if (!neighbours) {
                    cuts.add(new Cut(ring.get(i), ring.get(j)));
                    if (direction == Action.Direction.BOTH) {
                        cuts.add(new Cut(ring.get(j), ring.get(i)));
                    }
                }
            }
        }
        return cuts;
    }

    private static List<Cut> between(List<String> side, List<String> rest, Action.Direction direction) {
        List<Cut> cuts = new ArrayList<>();
        for (String a : side) {
            for (String b : rest) {
                cuts.add(new Cut(a, b));
                if (direction == Action.Direction.BOTH) {
                    cuts.add(new Cut(b, a));
                }
            }
        }
        return cuts;
    }

    private static List<String> without(List<String> nodes, List<String> removed) {
        return nodes.stream().filter(n -> !removed.contains(n)).toList();
    }

    private static List<String> shuffled(List<String> nodes, Random random) {
        List<String> copy = new ArrayList<>(nodes);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }
}
