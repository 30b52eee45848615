package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.check.CheckedFold;
import io.quorate.events.check.InvariantChecker;
import io.quorate.events.check.Invariants;
import io.quorate.events.check.Violation;
import io.quorate.events.fold.StateSummary;
import java.util.Collection;
import java.util.List;

/**
 * Replays events over a window: cuts the history ({@link ReplayStart}), folds it in causal order with
 * the invariant checkers ({@link CheckedFold}), and collects the timeline, the state at
 * {@code --at}, each node's lane and the violations shown within the window. Pure: no I/O (the
 * events come from {@link TopicReplayReader} or anywhere else).
 */
public final class Replay {
    private Replay() {
    }

    public static ReplayReport run(Collection<Event> events, ReplayWindow window, ReadCounts read) {
        List<Event> history = ReplayStart.history(events, window);
        List<InvariantChecker> checkers = Invariants.all();
        CheckedFold fold = new CheckedFold(checkers);
        long fromMs = window.from().toEpochMilli();
        long atMs = window.at() == null ? Long.MAX_VALUE : window.at().toEpochMilli();
        StateSummary stateAt = null;
        TimelineBuilder timeline = null;
        LaneRecorder lanes = new LaneRecorder();
        int violationsBeforeWindow = 0;
        for (Event event : history) {
            long ms = CausalOrder.millis(event);
            if (stateAt == null && ms > atMs) {
                stateAt = fold.state().summary();
            }
            if (timeline == null && ms >= fromMs) {
                timeline = startWindow(fold, lanes, window);
                violationsBeforeWindow = fold.violations().size();
            }
            fold.apply(event);
            if (timeline != null) {
                timeline.add(event);
                lanes.observe(event, fold.state());
            }
        }
        if (timeline == null) {
            timeline = startWindow(fold, lanes, window);
            violationsBeforeWindow = fold.violations().size();
        }
        if (stateAt == null && window.at() != null) {
            stateAt = fold.state().summary();
        }
        List<TimelineEntry> entries = timeline.finish();
        List<Violation> violations = fold.violations().subList(violationsBeforeWindow, fold.violations().size());
        return new ReplayReport(window, read, history.size(), entries, stateAt, fold.state().summary(),
                List.copyOf(violations), checkers.stream().map(InvariantChecker::invariant).toList(),
                lanes.finish(window.to(), entries));
    }

    private static TimelineBuilder startWindow(CheckedFold fold, LaneRecorder lanes, ReplayWindow window) {
        lanes.start(window.from(), fold.state());
        return new TimelineBuilder(fold.state().configVersion());
    }
}
