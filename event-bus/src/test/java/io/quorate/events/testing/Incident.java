package io.quorate.events.testing;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.LockEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.SnapshotEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A recorded incident to replay: three nodes, n1 the CRM master, vm:101 on n3 and vm:102 on n2.
 * Snapshots every 30 s from 10:00:05; every second heartbeats and a config write; n3 dies at 10:00:40,
 * is fenced at 10:00:50 and vm:101 recovers to n2 at 10:00:51; n3 comes back as incarnation 2 at
 * 10:01:10.
 */
public final class Incident {
    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    public static final Instant N3_DIES = Instant.parse("2026-11-25T10:00:40Z");
    public static final Instant FENCED = Instant.parse("2026-11-25T10:00:50Z");
    public static final Instant RECOVERED = Instant.parse("2026-11-25T10:00:51Z");
    public static final Instant N3_BACK = Instant.parse("2026-11-25T10:01:10Z");
    public static final Instant END = Instant.parse("2026-11-25T10:01:30Z");

    private final EventHistory history = new EventHistory(START);
    private final TreeSet<String> up = new TreeSet<>(List.of("n1", "n2", "n3"));
    private final Map<String, String> placement = new TreeMap<>(Map.of("vm:101", "n3", "vm:102", "n2"));
    private String ring = "1.1";
    private long version;

    private Incident() {
    }

    /** The whole incident's events, in emission order. */
    public static List<Event> events() {
        Incident incident = new Incident();
        incident.play();
        return incident.history.events();
    }

    private void play() {
        up.forEach(node -> history.emit(node, new NodeEvent.Started(id(node), "0.1.0", "127.0.0.1")));
        history.agreedView(ring, 3, "n1", "n2", "n3");
        history.emit("n1", new HaEvent.CrmStateChanged("wait_for_quorum", "master", 1));
        history.emit("n1", new LockEvent.Acquired("ha_manager_lock", "n1", 1));
        history.emit("n2", new LockEvent.Acquired("ha_manager_lock", "n1", 1));
        placement.forEach((sid, node) -> {
            history.emit("n1", new HaEvent.ServiceStateChanged(sid, "request_start", "started", node, ""));
            history.emit(node, new GuestEvent.Started(sid, 200));
        });
        while (history.now().isBefore(END)) {
            history.after(Duration.ofSeconds(1));
            second();
        }
    }

    private void second() {
        Instant now = history.now();
        for (String node : up) {
            for (String peer : up) {
                if (!peer.equals(node)) {
                    history.emit(node, new HeartbeatEvent.Received(id(peer), peer, 0.3));
                }
            }
        }
        version++;
        history.emit("n1", new ConfigEvent.Proposed(version, 1, "write", "ha/manager_status", 100, "n1"));
        up.forEach(node -> history.emit(node, new ConfigEvent.Committed(version, "write", "ha/manager_status", 100, "n1")));
        if (now.getEpochSecond() % 30 == 5) {
            up.forEach(node -> snapshot(node, SnapshotEvent.PERIODIC));
        }
        if (now.equals(N3_DIES)) {
            up.remove("n3");
        } else if (now.equals(N3_DIES.plusSeconds(2))) {
            ring = "1.2";
            for (String node : up) {
                history.emit(node, new MembershipEvent.MemberLeft(3, "n3", ring, "failed"));
            }
            history.agreedView(ring, 3, "n1", "n2");
        } else if (now.equals(N3_DIES.plusSeconds(3))) {
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "online", "unknown"));
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "unknown", "fence"));
            history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "started", "fence", "n3", ""));
            history.emit("n1", new FenceEvent.Requested("n3", "ipmi", "left the quorate view"));
        } else if (now.equals(FENCED)) {
            history.emit("n1", new FenceEvent.Succeeded("n3", "ipmi", 180));
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "fence", "unknown"));
            history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "fence", "recovery", "n3", ""));
        } else if (now.equals(RECOVERED)) {
            history.emit("n1", new HaEvent.ServiceStateChanged("vm:101", "recovery", "started", "n2", ""));
            history.emit("n2", new GuestEvent.Started("vm:101", 200));
            placement.put("vm:101", "n2");
        } else if (now.equals(N3_BACK)) {
            history.restart("n3");
            history.emit("n3", new NodeEvent.Started(3, "0.1.0", "127.0.0.1"));
            up.add("n3");
            ring = "1.3";
            history.agreedView(ring, 3, "n1", "n2", "n3");
            snapshot("n3", SnapshotEvent.START);
            history.emit("n1", new HaEvent.NodeStateChanged("n3", "unknown", "online"));
        }
    }

    private void snapshot(String node, String reason) {
        List<String> guests = new ArrayList<>();
        Map<String, SnapshotEvent.ServiceView> services = new TreeMap<>();
        placement.forEach((sid, where) -> {
            services.put(sid, new SnapshotEvent.ServiceView("started", where));
            if (where.equals(node)) {
                guests.add(sid);
            }
        });
        history.emit(node, new SnapshotEvent.View(reason, ring, List.copyOf(up), true, 3, up.size(), 2, version, "n1", "n1",
                "active", services, Map.of("ha_manager_lock", "n1"), guests));
    }

    private static int id(String node) {
        return Integer.parseInt(node.substring(1));
    }
}
