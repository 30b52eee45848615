package io.quorate.events.replay;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.LockEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a replay timeline from events in causal order. Replicated-log echoes are shown once: every
 * node applies each config write and lock change and emits it, so a lock change shows at its first
 * sighting only, and config commits show as runs ("12 writes, versions 120..131: …") of versions not
 * seen before, a run ending at the next other entry.
 */
final class TimelineBuilder {
    private static final int PATHS_SHOWN = 3;

    private final List<TimelineEntry> entries = new ArrayList<>();
    private final Set<String> lockChangesShown = new HashSet<>();
    private long highestCommitted;
    private CommitRun run;

    /** @param committedBefore the highest config version committed before the timeline starts */
    TimelineBuilder(long committedBefore) {
        this.highestCommitted = committedBefore;
    }

    void add(Event event) {
        if (event.data() instanceof ConfigEvent.Committed) {
            commit(event, (ConfigEvent.Committed) event.data());
            return;
        }
        TimelineEvents.Kind kind = TimelineEvents.of(event.data());
        if (kind == null || isLockEcho(event)) {
            return;
        }
        closeRun();
        entries.add(new TimelineEntry(event.time(), event.node(), event.seq(), event.id(), event.type(),
                kind.summary().apply(event.data()), kind.category(), kind.fault().test(event.data())));
    }

    List<TimelineEntry> finish() {
        closeRun();
        return List.copyOf(entries);
    }

    private boolean isLockEcho(Event event) {
        String key;
        if (event.data() instanceof LockEvent.Acquired) {
            LockEvent.Acquired acquired = (LockEvent.Acquired) event.data();
            key = acquired.lock() + "@" + acquired.epoch();
        } else if (event.data() instanceof LockEvent.Released) {
            LockEvent.Released released = (LockEvent.Released) event.data();
            key = released.lock() + "@" + released.epoch();
        } else if (event.data() instanceof LockEvent.Expired) {
            LockEvent.Expired expired = (LockEvent.Expired) event.data();
            key = expired.lock() + "@" + expired.epoch();
        } else {
            return false;
        }
        return !lockChangesShown.add(event.type() + " " + key);
    }

    private void commit(Event event, ConfigEvent.Committed commit) {
        if (commit.version() <= highestCommitted) {
            return;
        }
        highestCommitted = commit.version();
        if (run == null) {
            run = new CommitRun(event, entries.size());
            entries.add(null); // the run's line, written when it ends
        }
        run.add(commit);
    }

    private void closeRun() {
        if (run != null) {
            entries.set(run.index, run.entry());
            run = null;
        }
    }

    /** Consecutive new config versions, summed up in one timeline entry. */
    private static final class CommitRun {
        final Event first;
        final int index;
        final Map<String, Integer> paths = new LinkedHashMap<>();
        long firstVersion = -1;
        long lastVersion;
        int count;

        CommitRun(Event first, int index) {
            this.first = first;
            this.index = index;
        }

        void add(ConfigEvent.Committed commit) {
            if (firstVersion < 0) {
                firstVersion = commit.version();
            }
            lastVersion = commit.version();
            count++;
            paths.merge(commit.operation() + " " + commit.path(), 1, Integer::sum);
        }

        TimelineEntry entry() {
            String what = paths.entrySet().stream().limit(PATHS_SHOWN)
                    .map(path -> path.getKey() + (path.getValue() > 1 ? " x" + path.getValue() : ""))
                    .collect(Collectors.joining(", "));
            if (paths.size() > PATHS_SHOWN) {
                what += ", ...";
            }
            String summary = count == 1 ? "version " + firstVersion + ": " + what
                    : count + " writes, versions " + firstVersion + ".." + lastVersion + ": " + what;
            return new TimelineEntry(first.time(), first.node(), first.seq(), first.id(), first.type(), summary,
                    Category.CONFIG, false);
        }
    }
}
