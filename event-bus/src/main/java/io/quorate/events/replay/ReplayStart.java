package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.SnapshotEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts what was read down to the history replay folds: merged in {@link CausalOrder}, each node's
 * events from its last {@code snapshot.view} before the window (its view is whole from there), up to
 * the window's end. A node without such a snapshot (it started later, or its snapshot fell out of
 * the read range) is folded from {@link ReplayWindow#readFrom()} on, its view filling in as its events
 * come.
 */
public final class ReplayStart {
    private ReplayStart() {
    }

    public static List<Event> history(Collection<Event> events, ReplayWindow window) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(CausalOrder.ORDER);
        long fromMs = window.from().toEpochMilli();
        long toMs = window.to().toEpochMilli();
        long readFromMs = window.readFrom().toEpochMilli();
        Map<String, Integer> startOf = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            Event event = sorted.get(i);
            if (CausalOrder.millis(event) >= fromMs) {
                break;
            }
            if (event.data() instanceof SnapshotEvent.View) {
                startOf.put(event.node(), i);
            }
        }
        List<Event> history = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Event event = sorted.get(i);
            long ms = CausalOrder.millis(event);
            if (ms > toMs) {
                break;
            }
            Integer start = startOf.get(event.node());
            if (start != null ? i >= start : ms >= readFromMs) {
                history.add(event);
            }
        }
        return history;
    }
}
