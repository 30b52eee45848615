package io.quorate.ha.runtime;

import io.quorate.events.EventData;
import io.quorate.events.HaEvent;
import io.quorate.ha.core.ManagerStatus;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The events one manager iteration made: every node and service whose state or placement changed. */
final class StatusChanges {
    private StatusChanges() {
    }

    static void record(ManagerStatus before, ManagerStatus after, Consumer<EventData> events) {
        for (Map.Entry<String, ManagerStatus.NodeEntry> node : after.nodes.entrySet()) {
            ManagerStatus.NodeEntry old = before.nodes.get(node.getKey());
            String from = old == null ? "" : old.state.pveName();
            if (!from.equals(node.getValue().state.pveName())) {
                events.accept(new HaEvent.NodeStateChanged(node.getKey(), from, node.getValue().state.pveName()));
            }
        }
        for (Map.Entry<String, ManagerStatus.ServiceEntry> service : after.services.entrySet()) {
            ManagerStatus.ServiceEntry now = service.getValue();
            ManagerStatus.ServiceEntry old = before.services.get(service.getKey());
            if (old == null || old.state != now.state || !Objects.equals(old.node, now.node)
                    || !Objects.equals(old.target, now.target)) {
                events.accept(new HaEvent.ServiceStateChanged(service.getKey(), old == null ? "" : old.state.pveName(),
                        now.state.pveName(), now.node, now.target == null ? "" : now.target));
            }
        }
        for (String removed : before.services.keySet()) {
            if (!after.services.containsKey(removed)) {
                events.accept(new HaEvent.ServiceStateChanged(removed, before.services.get(removed).state.pveName(), "removed",
                        before.services.get(removed).node, ""));
            }
        }
    }
}
