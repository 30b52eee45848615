package io.quorate.events.replay;

import io.quorate.events.check.Violation;
import io.quorate.events.fold.StateSummary;
import java.util.List;

/**
 * What a replay found.
 *
 * @param folded     events folded (from each node's start snapshot to the window's end)
 * @param timeline   events of interest within the window, in causal order
 * @param stateAt    the reconstructed state at {@code window.at()}, null when no instant was asked for
 * @param finalState the state at the window's end
 * @param violations invariant violations shown by events within the window
 * @param invariants names of the invariants checked
 * @param lanes      one per node, for the HTML page
 */
public record ReplayReport(ReplayWindow window, ReadCounts read, long folded, List<TimelineEntry> timeline,
                           StateSummary stateAt, StateSummary finalState, List<Violation> violations,
                           List<String> invariants, List<Lane> lanes) {

    public boolean passed() {
        return violations.isEmpty();
    }
}
