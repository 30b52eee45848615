package io.quorate.chaos.experiment;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The safety invariants a probe can check over the run's event history (DESIGN.md, "Safety invariants"). */
public enum Invariant {
    /** At no instant do two nodes run the same HA resource (fence and power-off count as stops). */
    NO_RESOURCE_ON_TWO_NODES,
    /** A failed node's resource starts elsewhere only after that node is fenced. */
    FENCE_BEFORE_RECOVER,
    /** No config write commits without a majority of the configured voters. */
    NO_WRITE_WITHOUT_MAJORITY,
    /** Every node's event sequence numbers are contiguous per incarnation: nothing lost on the bus. */
    CONTIGUOUS_SEQUENCES;

    /** The name in experiment files: {@code no_resource_on_two_nodes}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Invariant> fromText(String text) {
        return Arrays.stream(values()).filter(i -> i.text().equals(text)).findFirst();
    }

    /** All names, comma-separated, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Invariant::text).collect(Collectors.joining(", "));
    }
}
