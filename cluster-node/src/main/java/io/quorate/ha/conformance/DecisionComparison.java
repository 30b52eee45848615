package io.quorate.ha.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Judges a run's decisions against the expected ones. Times are ignored; order within each service,
 * each node and the fencing acknowledgements is not. Of all differences the first is reported: the
 * one whose expected decision was logged earliest (a missing expected decision counts at its
 * expected time, an unexpected extra one at its own time); at equal times fencing before nodes before
 * services, then by name.
 */
public final class DecisionComparison {

    private DecisionComparison() {
    }

    /** Empty when the decisions match, else the first difference in one line. */
    public static Optional<String> compare(Decisions expected, Decisions actual) {
        List<Difference> differences = new ArrayList<>();

        firstDifference(expected.fenceAcks(), actual.fenceAcks(), FenceAck::sameDecision, FenceAck::time,
                FenceAck::describe, "fencing ack", 0, "", "acknowledgements").ifPresent(differences::add);

        for (String node : union(expected.nodes().keySet(), actual.nodes().keySet())) {
            firstDifference(expected.nodes().getOrDefault(node, List.of()), actual.nodes().getOrDefault(node, List.of()),
                    NodeChange::sameDecision, NodeChange::time, NodeChange::describe,
                    "node " + node + ": change", 1, node, "changes").ifPresent(differences::add);
        }

        for (String sid : union(expected.services().keySet(), actual.services().keySet())) {
            firstDifference(expected.service(sid), actual.service(sid), ServiceChange::sameDecision,
                    ServiceChange::time, ServiceChange::describe, "service " + sid + ": change", 2, sid, "changes")
                    .ifPresent(differences::add);
        }

        return differences.stream()
                .min(Comparator.comparingLong(Difference::time)
                        .thenComparingInt(Difference::category)
                        .thenComparing(Difference::key))
                .map(Difference::message);
    }

    private record Difference(long time, int category, String key, String message) {
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Optional<Difference> firstDifference(List<T> expected, List<T> actual,
            BiPredicate<T, T> same, ToLongFunction<T> time, Function<T, String> describe,
            String label, int category, String key, String noun) {
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            T e = i < expected.size() ? expected.get(i) : null;
            T a = i < actual.size() ? actual.get(i) : null;
            if (e != null && a != null && same.test(e, a)) {
                continue;
            }
            String where = label + " " + (i + 1) + " ";
            String message;
            long at;
            if (a == null) {
                at = time.applyAsLong(e);
                message = where + "expected " + describe.apply(e) + " (t=" + at + "), got none (only "
                        + actual.size() + " " + noun + ")";
            } else if (e == null) {
                at = time.applyAsLong(a);
                message = where + "expected none (only " + expected.size() + " " + noun + "), got "
                        + describe.apply(a) + " (t=" + at + ")";
            } else {
                at = time.applyAsLong(e);
                message = where + "expected " + describe.apply(e) + " (t=" + at + "), got " + describe.apply(a)
                        + " (t=" + time.applyAsLong(a) + ")";
            }
            return Optional.of(new Difference(at, category, key, message));
        }
        return Optional.empty();
    }
}
