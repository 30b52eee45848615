package io.quorate.events.testing;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.LockEvent;
import io.quorate.events.NodeEvent;
import io.quorate.events.SnapshotEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A healthy synthetic history of a cluster at work, for benches and "stays quiet" checks: heartbeats
 * among the live nodes every 100 ms (most of the stream, as in a real one), a config write per second
 * applied by every live node, lock renewals, snapshots every 30 s, a migration every 20 s, and every
 * 2 minutes a node failure handled by the book (view change, fence, acknowledgement, recovery) and the
 * node's return as a new incarnation. Deterministic for a seed.
 */
public final class SyntheticCluster {
    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String MASTER = "n1";

    private final EventHistory history = new EventHistory(START);
    private final List<String> nodes = new ArrayList<>();
    private final TreeSet<String> up = new TreeSet<>();
    private final Map<String, String> placement = new TreeMap<>();
    private final Map<String, Long> applied = new TreeMap<>();
    private final Random random;
    private long version;
    private int ringSeq;
    private String ring;
    private String failed;
    private long tick;

    private SyntheticCluster(int nodeCount, int services, long seed) {
        random = new Random(seed);
        for (int i = 1; i <= nodeCount; i++) {
            nodes.add("n" + i);
        }
        up.addAll(nodes);
        for (int i = 0; i < services; i++) {
            placement.put("vm:" + (100 + i), nodes.get(i % nodeCount));
        }
        nodes.forEach(node -> applied.put(node, 0L));
    }

    /** At least {@code events} events of a {@code nodeCount}-node cluster running {@code services} HA guests. */
    public static List<Event> generate(int nodeCount, int services, int events, long seed) {
        SyntheticCluster cluster = new SyntheticCluster(nodeCount, services, seed);
        cluster.boot();
        while (cluster.history.size() < events) {
            cluster.tick();
        }
        return cluster.history.events();
    }

    private void boot() {
        for (String node : nodes) {
            history.emit(node, new NodeEvent.Started(Integer.parseInt(node.substring(1)), "0.1.0", "127.0.0.1"));
        }
        newView();
        history.emit(MASTER, new HaEvent.CrmStateChanged("wait_for_quorum", "master", 1));
        for (Map.Entry<String, String> service : placement.entrySet()) {
            history.emit(MASTER, new HaEvent.ServiceStateChanged(service.getKey(), "", "started", service.getValue(), ""));
            history.emit(service.getValue(), new GuestEvent.Started(service.getKey(), 300));
        }
        up.forEach(node -> snapshot(node, SnapshotEvent.START));
    }

    private void tick() {
        tick++;
        history.afterMs(100);
        heartbeats();
        if (tick % 10 == 0) {
            configWrite("ha/manager_status");
        }
        if (tick % 50 == 0) {
            up.forEach(node -> history.emit(node, new LockEvent.Renewed("ha_manager_lock", MASTER, 1, version)));
        }
        if (tick % 300 == 0) {
            up.forEach(node -> snapshot(node, SnapshotEvent.PERIODIC));
        }
        if (tick % 200 == 50) {
            migrate();
        }
        if (tick % 1200 == 600) {
            fail(nodes.get(1 + random.nextInt(nodes.size() - 1)));
        }
        if (tick % 1200 == 900 && failed != null) {
            rejoin();
        }
    }

    private void heartbeats() {
        for (String from : up) {
            for (String to : up) {
                if (!from.equals(to)) {
                    int peerId = Integer.parseInt(to.substring(1));
                    history.emit(from, new HeartbeatEvent.Sent(peerId, to));
                    history.emit(from, new HeartbeatEvent.Received(peerId, to, 0.2 + random.nextInt(30) / 100.0));
                }
            }
        }
    }

    private void configWrite(String path) {
        version++;
        history.emit(MASTER, new ConfigEvent.Proposed(version, 1, "write", path, 200, MASTER));
        for (String node : up) {
            history.emit(node, new ConfigEvent.Committed(version, "write", path, 200, MASTER));
            applied.put(node, version);
        }
    }

    private void migrate() {
        List<String> sids = new ArrayList<>(placement.keySet());
        String sid = sids.get(random.nextInt(sids.size()));
        String from = placement.get(sid);
        List<String> targets = new ArrayList<>(up);
        targets.remove(from);
        if (!up.contains(from) || targets.isEmpty()) {
            return;
        }
        String to = targets.get(random.nextInt(targets.size()));
        history.emit(MASTER, new HaEvent.ServiceStateChanged(sid, "started", "migrate", from, to));
        history.afterMs(1).emit(from, new GuestEvent.Stopped(sid, "migrate"));
        history.afterMs(1).emit(MASTER, new HaEvent.ServiceStateChanged(sid, "migrate", "started", to, ""));
        history.afterMs(1).emit(to, new GuestEvent.Started(sid, 300));
        placement.put(sid, to);
    }

    private void fail(String node) {
        failed = node;
        up.remove(node);
        history.afterMs(1000);
        newView();
        history.emit(MASTER, new HaEvent.NodeStateChanged(node, "online", "unknown"));
        history.afterMs(1).emit(MASTER, new HaEvent.NodeStateChanged(node, "unknown", "fence"));
        List<String> stranded = new ArrayList<>();
        placement.forEach((sid, where) -> {
            if (where.equals(node)) {
                stranded.add(sid);
                history.emit(MASTER, new HaEvent.ServiceStateChanged(sid, "started", "fence", node, ""));
            }
        });
        history.emit(MASTER, new FenceEvent.Requested(node, "ipmi", "left the quorate view"));
        history.afterMs(200).emit(MASTER, new FenceEvent.Succeeded(node, "ipmi", 200));
        history.emit(MASTER, new HaEvent.NodeStateChanged(node, "fence", "unknown"));
        for (String sid : stranded) {
            history.emit(MASTER, new HaEvent.ServiceStateChanged(sid, "fence", "recovery", node, ""));
            List<String> targets = new ArrayList<>(up);
            String target = targets.get(random.nextInt(targets.size()));
            history.afterMs(1).emit(MASTER, new HaEvent.ServiceStateChanged(sid, "recovery", "started", target, ""));
            history.afterMs(1).emit(target, new GuestEvent.Started(sid, 300));
            placement.put(sid, target);
        }
    }

    private void rejoin() {
        String node = failed;
        failed = null;
        history.restart(node);
        history.emit(node, new NodeEvent.Started(Integer.parseInt(node.substring(1)), "0.1.0", "127.0.0.1"));
        up.add(node);
        newView();
        snapshot(node, SnapshotEvent.START);
        history.emit(MASTER, new HaEvent.NodeStateChanged(node, "unknown", "online"));
    }

    private void newView() {
        ring = "1." + Integer.toHexString(++ringSeq);
        history.agreedView(ring, nodes.size(), up.toArray(new String[0]));
    }

    private void snapshot(String node, String reason) {
        Map<String, SnapshotEvent.ServiceView> services = new TreeMap<>();
        placement.forEach((sid, where) -> services.put(sid, new SnapshotEvent.ServiceView("started", where)));
        List<String> guests = new ArrayList<>();
        placement.forEach((sid, where) -> {
            if (where.equals(node)) {
                guests.add(sid);
            }
        });
        int quorum = nodes.size() / 2 + 1;
        history.emit(node, new SnapshotEvent.View(reason, ring, List.copyOf(up), up.size() >= quorum, nodes.size(), up.size(),
                quorum, applied.get(node), MASTER, MASTER, "active", services, Map.of("ha_manager_lock", MASTER), guests));
    }
}
