package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Action;
import io.quorate.chaos.experiment.RandomNemesis;
import io.quorate.chaos.experiment.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The faults of a random nemesis phase, drawn up front from the seed as Jepsen's generators do: one
 * fault every {@code interval}, its kind drawn by weight, its parameters (target, partition shape,
 * percentages, offsets) drawn too, so a seed names the whole schedule. Pure: the same seed, phase and
 * cluster size give the same list.
 */
public final class NemesisSchedule {
    /** One step: the fault, when it starts (from the phase's start) and how long it stays before its heal. */
    public record Step(Duration at, Duration hold, Action fault) {
    }

    private NemesisSchedule() {
    }

    public static List<Step> draw(RandomNemesis nemesis, long seed, int nodes) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long interval = nemesis.interval().toMillis();
        long hold = Math.max(1, interval / 2); // healed half-way, so the cluster has the other half to recover
        int total = nemesis.faults().values().stream().mapToInt(Integer::intValue).sum();
        int index = 0;
        for (long at = 0; at + hold <= nemesis.duration().toMillis(); at += interval) {
            RandomNemesis.FaultKind kind = pick(nemesis.faults(), total, random);
            steps.add(new Step(Duration.ofMillis(at), Duration.ofMillis(hold), fault(kind, "nemesis-" + ++index, nodes, random)));
        }
        return steps;
    }

    private static RandomNemesis.FaultKind pick(Map<RandomNemesis.FaultKind, Integer> weights, int total, Random random) {
        int draw = random.nextInt(total);
        for (Map.Entry<RandomNemesis.FaultKind, Integer> entry : weights.entrySet()) {
            draw -= entry.getValue();
            if (draw < 0) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("weights sum to " + total);
    }

    private static Action fault(RandomNemesis.FaultKind kind, String name, int nodes, Random random) {
        Optional<String> label = Optional.of(name);
        Selector target = new Selector.Node("n" + (1 + random.nextInt(nodes)));
        return switch (kind) {
            case KILL -> new Action.Process(label, Action.Signal.KILL, Action.Scope.NODE, Optional.of(target), Optional.empty());
            case STOP -> new Action.Process(label, Action.Signal.STOP, Action.Scope.SERVICES, Optional.of(target), Optional.empty());
            case PAUSE -> new Action.Process(label, Action.Signal.PAUSE, Action.Scope.NODE, Optional.of(target), Optional.empty());
            case PARTITION -> partition(label, target, nodes, random);
            case LOSS -> new Action.Loss(label, 10 + random.nextInt(41), Optional.of(target));
            case BANDWIDTH -> new Action.Bandwidth(label, 256_000, "256kbit", Optional.of(target));
            case LATENCY -> {
                long delay = 50 + random.nextInt(251);
                yield new Action.Latency(label, Duration.ofMillis(delay), Duration.ofMillis(random.nextInt((int) delay / 2 + 1)),
                        Optional.of(target));
            }
            case POWER -> new Action.Power(label, Action.PowerOp.OFF, target);
            case CLOCK_OFFSET -> {
                long offset = (500 + random.nextInt(2501)) * (random.nextBoolean() ? 1 : -1);
                yield new Action.ClockOffset(label, Duration.ofMillis(offset), target);
            }
        };
    }

    private static Action partition(Optional<String> label, Selector target, int nodes, Random random) {
        List<Action.PartitionMode> modes = new ArrayList<>(List.of(Action.PartitionMode.ISOLATE, Action.PartitionMode.RANDOM_HALVES));
        if (nodes >= 3) {
            modes.add(Action.PartitionMode.MAJORITY_MINORITY);
            modes.add(Action.PartitionMode.BRIDGE);
        }
        if (nodes >= 4) {
            modes.add(Action.PartitionMode.RING);
        }
        Action.PartitionMode mode = modes.get(random.nextInt(modes.size()));
        boolean targeted = mode == Action.PartitionMode.ISOLATE || mode == Action.PartitionMode.MAJORITY_MINORITY
                || mode == Action.PartitionMode.BRIDGE;
        Action.Direction direction = random.nextInt(4) == 0 ? Action.Direction.ONE_WAY : Action.Direction.BOTH;
        return new Action.Partition(label, mode, targeted ? Optional.of(target) : Optional.empty(), List.of(), direction);
    }
}
