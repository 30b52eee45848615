package io.quorate.ha.guest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the prober learnt about one sid, fed one round at a time. Not thread-safe: the prober
 * calls it under its own lock. Memory stays bounded on long runs: the timeline grows only when
 * the answering set changes, violations are kept up to a cap (all are counted), and marks keep
 * one answer per node.
 */
final class SidTrack {
    static final int MAX_VIOLATIONS_KEPT = 1000;

    private final String sid;
    private final Map<String, Long> answersPerNode = new TreeMap<>();
    private final List<TimelineSegment> timeline = new ArrayList<>();
    private final List<ProbeViolation> violations = new ArrayList<>();
    private long violationCount;
    private ProbeAnswer last;
    /** For each mark, the first answer of each node sent at or after it. */
    private final Map<ProbeMark, Map<String, ProbeAnswer>> afterMarks = new LinkedHashMap<>();

    SidTrack(String sid) {
        this.sid = sid;
    }

    void addMark(ProbeMark mark) {
        afterMarks.put(mark, new TreeMap<>());
    }

    /** One round's answers for this sid (possibly none), the round spanning [start, end]. */
    void record(long round, long startNanos, long endNanos, List<ProbeAnswer> answers) {
        for (ProbeAnswer answer : answers) {
            answersPerNode.merge(answer.node(), 1L, Long::sum);
            if (last == null || answer.receivedNanos() >= last.receivedNanos()) {
                last = answer;
            }
            afterMarks.forEach((mark, first) -> {
                if (answer.sentNanos() >= mark.nanos()) {
                    first.merge(answer.node(), answer, (old, now) -> old.sentNanos() <= now.sentNanos() ? old : now);
                }
            });
        }
        extendTimeline(answers.stream().map(ProbeAnswer::node).distinct().sorted().toList(), startNanos, endNanos);
        checkConcurrent(round, answers);
    }

    private void extendTimeline(List<String> nodes, long startNanos, long endNanos) {
        int lastIndex = timeline.size() - 1;
        if (lastIndex >= 0 && timeline.get(lastIndex).nodes().equals(nodes)) {
            timeline.set(lastIndex, timeline.get(lastIndex).extendTo(endNanos));
        } else {
            timeline.add(new TimelineSegment(nodes, startNanos, endNanos, 1));
        }
    }

    /** Answers of different nodes in this round whose intervals overlap (the reasoning is on GuestProber). */
    private void checkConcurrent(long round, List<ProbeAnswer> answers) {
        List<ProbeAnswer> involved = new ArrayList<>();
        for (ProbeAnswer a : answers) {
            for (ProbeAnswer b : answers) {
                if (!a.node().equals(b.node()) && a.overlaps(b) && !involved.contains(a)) {
                    involved.add(a);
                }
            }
        }
        if (involved.isEmpty()) {
            return;
        }
        violationCount++;
        if (violations.size() < MAX_VIOLATIONS_KEPT) {
            long from = involved.stream().mapToLong(ProbeAnswer::sentNanos).min().orElseThrow();
            long to = involved.stream().mapToLong(ProbeAnswer::receivedNanos).max().orElseThrow();
            violations.add(new ProbeViolation(sid, round, involved, from, to));
        }
    }

    Optional<String> lastNode() {
        return Optional.ofNullable(last).map(ProbeAnswer::node);
    }

    /** The earliest-sent answer after the mark from a node other than {@code excludedNode} (null: any node). */
    Optional<ProbeAnswer> firstAnswerAfter(ProbeMark mark, String excludedNode) {
        Map<String, ProbeAnswer> first = afterMarks.get(mark);
        if (first == null) {
            throw new IllegalArgumentException("not a mark of this prober: " + mark);
        }
        return first.values().stream().filter(a -> !a.node().equals(excludedNode))
                .min(Comparator.comparingLong(ProbeAnswer::sentNanos));
    }

    long violationCount() {
        return violationCount;
    }

    List<ProbeViolation> violations() {
        return List.copyOf(violations);
    }

    SidSummary summary() {
        Map<ProbeMark, Map<String, ProbeAnswer>> marks = new LinkedHashMap<>();
        afterMarks.forEach((mark, first) -> marks.put(mark, Map.copyOf(first)));
        return new SidSummary(sid, lastNode(), answersPerNode, timeline, violations, violationCount, marks);
    }
}
