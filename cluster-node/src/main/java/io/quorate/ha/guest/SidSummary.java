package io.quorate.ha.guest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what the prober learnt about one sid.
 *
 * @param lastNode the node of the latest answer, empty when none answered yet
 * @param answersPerNode answers counted per node the answers named, sorted by node
 * @param timeline which nodes answered, round after round, merged while unchanged
 * @param violations the first {@value SidTrack#MAX_VIOLATIONS_KEPT} violations
 * @param violationCount all violations, kept or not
 * @param firstAnswersAfterMarks for each mark in the order taken, the first answer of each node sent after it
 */
public record SidSummary(String sid, Optional<String> lastNode, Map<String, Long> answersPerNode,
        List<TimelineSegment> timeline, List<ProbeViolation> violations, long violationCount,
        Map<ProbeMark, Map<String, ProbeAnswer>> firstAnswersAfterMarks) {

    public SidSummary {
        answersPerNode = Collections.unmodifiableMap(new TreeMap<>(answersPerNode));
        timeline = List.copyOf(timeline);
        violations = List.copyOf(violations);
        // copied in order: the marks' order is the order they were taken
        firstAnswersAfterMarks = Collections.unmodifiableMap(new LinkedHashMap<>(firstAnswersAfterMarks));
    }

    String describe(ProbeClock clock) {
        List<String> lines = new ArrayList<>();
        lines.add(sid + ": last answered on " + lastNode.orElse("(none)") + "; answers " + answersPerNode
                + "; violations " + violationCount);
        timeline.forEach(segment -> lines.add("  " + segment.describe(clock)));
        firstAnswersAfterMarks.forEach((mark, first) -> lines.add("  after mark '" + mark.label() + "' at "
                + clock.format(mark.nanos()) + ": " + describeFirst(clock, mark, first)));
        violations.forEach(v -> lines.add("  VIOLATION " + v.describe(clock)));
        if (violationCount > violations.size()) {
            lines.add("  ... and " + (violationCount - violations.size()) + " more violations");
        }
        return String.join("\n", lines);
    }

    private static String describeFirst(ProbeClock clock, ProbeMark mark, Map<String, ProbeAnswer> first) {
        if (first.isEmpty()) {
            return "no answer yet";
        }
        List<String> parts = new ArrayList<>();
        first.values().stream().sorted(Comparator.comparingLong(ProbeAnswer::sentNanos)).forEach(a -> parts.add(
                a.node() + " first answered at " + clock.format(a.receivedNanos()) + ", "
                        + (a.receivedNanos() - mark.nanos()) / 1_000_000 + " ms after the mark"));
        return String.join("; ", parts);
    }
}
