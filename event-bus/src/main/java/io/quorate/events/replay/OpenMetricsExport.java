package io.quorate.events.replay;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.FenceEvent;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.fold.FenceAck;
import io.quorate.events.fold.LockHold;
import io.quorate.events.fold.NodeView;
import io.quorate.events.fold.Quorate;
import io.quorate.events.fold.ServiceStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster metrics of a past window in OpenMetrics text with timestamps, for
 * {@code promtool tsdb create-blocks-from openmetrics}: the series a node's {@code /metrics} would
 * have shown (same names and labels as docs/metrics.md, {@code cluster} and {@code node} from the
 * events' envelopes), sampled every {@code step} from the window's start.
 *
 * <p>The history is cut as {@link Replay} cuts it ({@link ReplayStart}: each node from its last
 * snapshot before the window) and folded into a {@link ClusterState} in causal order; the sample at
 * instant <i>t</i> is the state after every event placed at or before <i>t</i> ({@link CausalOrder#millis}).
 *
 * <ul>
 * <li>A node's own view gives {@code quorate_quorate}, {@code quorate_quorum_votes},
 * {@code quorate_members}, {@code quorate_ring_sequence}, {@code quorate_config_version},
 * {@code quorate_ha_crm_master} and the one-hot {@code quorate_ha_crm_state}/{@code _lrm_state}. A
 * value the events have not told yet (no snapshot, a fresh incarnation) is left out, not guessed.
 * {@code highest_expected} is known only from the node's {@code quorum.gained/lost} (snapshots do not
 * carry it) and is left out after an {@code expected_changed}.
 * <li>Resources ({@code quorate_ha_resource_state}, {@code _node}) and locks
 * ({@code quorate_lock_held}) are the cluster's, as the CRM master placed them: every node exports
 * its copy of the manager status and the lock table, so each live node shows them.
 * <li>Counters are folded from the node's own events as the node's metrics fold them, as running
 * totals from the window's start (kept across a restart of the node); a counter series that appears
 * in the window reads 0 at the node's earlier instants, so {@code increase()} sees its first step.
 * <li>{@code quorate_fence_in_progress{target}} follows the fencing node's {@code fence.*} events;
 * a fence that began and ended between two instants still reads 1 at the next one (as a node shows a
 * fence shorter than its scrape interval once).
 * <li>A node is sampled while it is up: no {@code node.stopping} since its last event, no fence of
 * it acknowledged after its last event (it was powered off), and heard from within {@link #SILENCE}
 * (nodes snapshot every 30 s). A node that died unfenced drops out at most that long after its last
 * event, as its scrape target would have at once.
 * <li>A gauge series that ends (its node dropped out, the resource moved, the lock was released)
 * gets one NaN sample at the next instant, since backfilled blocks carry no staleness markers.
 * </ul>
 *
 * <p>Output: one family at a time ({@code # TYPE}, {@code # HELP}), one series at a time in
 * increasing time, timestamps in seconds, {@code # EOF} at the end. Memory grows with the number of
 * value changes, not with the window's length (see {@link SampleRuns}).
 */
public final class OpenMetricsExport {
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(15);
    public static final Duration MIN_STEP = Duration.ofSeconds(1);
    /** Instants per series at most (a day at 1 s is 86,401). */
    public static final long MAX_INSTANTS = 1_000_000;
    /** How long a node may stay silent and still be sampled: two snapshot periods and some slack. */
    public static final Duration SILENCE = ReplayWindow.SNAPSHOT_LOOKBACK;

    /** The state names the node's metrics show too: each resource has all of them as series. */
    static final List<String> SERVICE_STATES = io.quorate.events.HaStateNames.SERVICE;
    static final List<String> CRM_STATES = io.quorate.events.HaStateNames.CRM;
    static final List<String> LRM_STATES = io.quorate.events.HaStateNames.LRM;
    private static final Set<String> MOVES = Set.of("migrate", "relocate");

    /** The metric families written, in this order; names, labels and meaning as in docs/metrics.md. */
    enum Family {
        QUORATE("quorate_quorate", false, "1 when this node is in a quorate partition, else 0"),
        QUORUM_VOTES("quorate_quorum_votes", false, "votequorum's figures", "type"),
        MEMBERS("quorate_members", false, "Nodes in this node's current membership view"),
        RING_SEQUENCE("quorate_ring_sequence", false, "Sequence number of the current ring id"),
        VIEW_CHANGES("quorate_view_changes", true, "Membership views installed"),
        QUORUM_TRANSITIONS("quorate_quorum_transitions", true, "Quorum gained or lost", "to"),
        CONFIG_VERSION("quorate_config_version", false, "Version of this node's config tree"),
        WRITES_REJECTED("quorate_config_writes_rejected", true, "Config writes refused", "reason"),
        LOCK_HELD("quorate_lock_held", false, "1 per cluster lock and its holder", "lock", "holder"),
        CRM_MASTER("quorate_ha_crm_master", false, "1 when this node is the CRM master"),
        CRM_STATE("quorate_ha_crm_state", false, "1 for this node's CRM state", "state"),
        LRM_STATE("quorate_ha_lrm_state", false, "1 for this node's LRM state", "state"),
        RESOURCE_STATE("quorate_ha_resource_state", false, "1 for the resource's CRM state, 0 for its other states",
                "sid", "state"),
        RESOURCE_NODE("quorate_ha_resource_node", false, "1 for the node the resource is on", "sid", "on"),
        RESTARTS("quorate_ha_restarts", true, "Guest restarts by this node's LRM", "sid"),
        RELOCATIONS("quorate_ha_relocations", true, "Migrations and relocations the master started", "sid"),
        FENCES("quorate_fences", true, "Fence attempts that ended", "target", "result"),
        FENCE_IN_PROGRESS("quorate_fence_in_progress", false, "1 while a fence of the node runs", "target");

        final String name;
        final boolean counter;
        final String help;
        final String[] labels;

        Family(String name, boolean counter, String help, String... labels) {
            this.name = name;
            this.counter = counter;
            this.help = help;
            this.labels = labels;
        }

        /** The sample name: counters' samples end in {@code _total}. */
        String sampleName() {
            return counter ? name + "_total" : name;
        }
    }

    /** What was written. */
    public record Summary(int instants, int nodes, int series, long samples) {
    }

    private record SeriesKey(Family family, String cluster, String node, String a, String b) {
    }

    private record CountKey(Family family, String a, String b) {
    }

    private static final Comparator<SeriesKey> SERIES_ORDER = Comparator.comparing(SeriesKey::family)
            .thenComparing(SeriesKey::cluster).thenComparing(SeriesKey::node)
            .thenComparing(SeriesKey::a, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SeriesKey::b, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** What the export keeps per node beyond the fold: what the node's metrics fold from its own events. */
    private static final class NodeTrack {
        final String node;
        String cluster = "";
        long incarnation = -1;
        long lastMs;
        long position;
        int highestExpected = -1;
        final SortedMap<String, Boolean> fencing = new TreeMap<>();
        final Set<String> endedUnshown = new HashSet<>();
        final Set<String> diedHere = new HashSet<>();
        final Map<CountKey, Long> counts = new TreeMap<>(Comparator.comparing(CountKey::family)
                .thenComparing(CountKey::a).thenComparing(CountKey::b, Comparator.nullsFirst(Comparator.naturalOrder())));
        final SampleRuns live = new SampleRuns();

        NodeTrack(String node) {
            this.node = node;
            counts.put(new CountKey(Family.VIEW_CHANGES, "", null), 0L);
            counts.put(new CountKey(Family.QUORUM_TRANSITIONS, "gained", null), 0L);
            counts.put(new CountKey(Family.QUORUM_TRANSITIONS, "lost", null), 0L);
        }

        void count(Family family, String a, String b) {
            counts.merge(new CountKey(family, a == null ? "" : a, b), 1L, Long::sum);
        }

        /** A new process of the node: what its metrics fold from its events starts afresh (counters excepted). */
        void restart(long newIncarnation) {
            incarnation = newIncarnation;
            highestExpected = -1;
            fencing.clear();
            endedUnshown.clear();
            diedHere.clear();
        }
    }

    private final long fromMs;
    private final long stepMs;
    private final int instants;
    private final ClusterState state = new ClusterState();
    private final Map<String, NodeTrack> tracks = new HashMap<>();
    private final Map<SeriesKey, SampleRuns> series = new HashMap<>();
    private final List<SampleRuns> gauges = new ArrayList<>();

    private OpenMetricsExport(ReplayWindow window, Duration step) {
        if (step == null || step.compareTo(MIN_STEP) < 0) {
            throw new IllegalArgumentException("--openmetrics-step must be at least " + MIN_STEP.toSeconds() + "s, got "
                    + (step == null ? "none" : step.toMillis() + "ms"));
        }
        this.fromMs = window.from().toEpochMilli();
        this.stepMs = step.toMillis();
        long count = (window.to().toEpochMilli() - fromMs) / stepMs + 1;
        if (count > MAX_INSTANTS) {
            throw new IllegalArgumentException("--openmetrics-step " + step.toMillis() + "ms gives " + count
                    + " instants over the window; at most " + MAX_INSTANTS + ": use a longer step or a shorter window");
        }
        this.instants = (int) count;
    }

    /** Checks a step for {@code window} without exporting: the same one-line message as {@link #write}. */
    public static void check(ReplayWindow window, Duration step) {
        new OpenMetricsExport(window, step);
    }

    /** Writes the export of {@code window} (events as read for a replay of it) to {@code out}, ending in {@code # EOF}. */
    public static Summary write(Collection<Event> events, ReplayWindow window, Duration step, Writer out) throws IOException {
        OpenMetricsExport export = new OpenMetricsExport(window, step);
        export.sample(ReplayStart.history(events, window));
        return export.writeTo(out);
    }

    /** Writes the export to {@code file} (replaced if it exists; removed again if writing fails). */
    public static Summary write(Collection<Event> events, ReplayWindow window, Duration step, Path file) throws IOException {
        OpenMetricsExport export = new OpenMetricsExport(window, step);
        export.sample(ReplayStart.history(events, window));
        Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        try {
            Summary summary = export.writeTo(out);
            out.close();
            return summary;
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
    }

    /** The export as text (tests, small windows). */
    public static String render(Collection<Event> events, ReplayWindow window, Duration step) {
        StringWriter out = new StringWriter();
        try {
            write(events, window, step, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    // ---- folding and sampling

    private void sample(List<Event> history) {
        int next = 0;
        for (int step = 0; step < instants; step++) {
            long t = fromMs + step * stepMs;
            while (next < history.size() && CausalOrder.millis(history.get(next)) <= t) {
                apply(history.get(next++));
            }
            sampleAt(step, t);
            closeEnded(step);
        }
    }

    private void apply(Event event) {
        long ms = CausalOrder.millis(event);
        NodeTrack track = tracks.computeIfAbsent(event.node(), NodeTrack::new);
        if (event.incarnation() > track.incarnation) {
            track.restart(event.incarnation());
        }
        track.lastMs = ms;
        if (event.cluster() != null) {
            track.cluster = event.cluster();
        }
        state.apply(event);
        track.position = state.position();
        ownEvent(track, event.data(), ms >= fromMs, ms > fromMs - stepMs);
    }

    /**
     * What the node's metrics fold from its own event (as cluster-node's EventMetrics does):
     * {@code counted} when it is within the window, {@code recent} when it happened since the instant
     * before the window's first.
     */
    private static void ownEvent(NodeTrack track, EventData data, boolean counted, boolean recent) {
        if (data instanceof QuorumEvent.Gained gained) {
            track.highestExpected = gained.votes().highestExpected();
            if (counted) {
                track.count(Family.QUORUM_TRANSITIONS, "gained", null);
            }
        } else if (data instanceof QuorumEvent.Lost lost) {
            track.highestExpected = lost.votes().highestExpected();
            if (counted) {
                track.count(Family.QUORUM_TRANSITIONS, "lost", null);
            }
        } else if (data instanceof QuorumEvent.ExpectedChanged) {
            track.highestExpected = -1;
        } else if (data instanceof MembershipEvent.ViewAgreed) {
            if (counted) {
                track.count(Family.VIEW_CHANGES, "", null);
            }
        } else if (data instanceof ConfigEvent.Rejected rejected) {
            if (counted) {
                track.count(Family.WRITES_REJECTED, rejected.reason(), null);
            }
        } else if (data instanceof GuestEvent.Died died) {
            track.diedHere.add(died.sid());
        } else if (data instanceof GuestEvent.Started started) {
            if (track.diedHere.remove(started.sid()) && counted) {
                track.count(Family.RESTARTS, started.sid(), null);
            }
        } else if (data instanceof HaEvent.ServiceStateChanged changed) {
            if (MOVES.contains(changed.to()) && counted) {
                track.count(Family.RELOCATIONS, changed.sid(), null);
            }
        } else if (data instanceof FenceEvent.Requested requested && requested.node() != null) {
            track.fencing.put(requested.node(), true);
        } else if (data instanceof FenceEvent.Succeeded succeeded) {
            fenceEnded(track, succeeded.node(), "succeeded", counted, recent);
        } else if (data instanceof FenceEvent.Failed failed) {
            fenceEnded(track, failed.node(), "failed", counted, recent);
        }
    }

    private static void fenceEnded(NodeTrack track, String target, String result, boolean counted, boolean recent) {
        if (target == null) {
            return;
        }
        track.fencing.put(target, false);
        if (recent) {
            track.endedUnshown.add(target);
        }
        if (counted) {
            track.count(Family.FENCES, target, result);
        }
    }

    private void sampleAt(int step, long t) {
        for (NodeView view : state.nodes().values()) {
            NodeTrack track = tracks.get(view.name());
            if (!live(view, track, t)) {
                continue;
            }
            track.live.put(step, 1);
            ownView(step, track, view);
            clusterWide(step, track);
            track.fencing.forEach((target, running) ->
                    put(step, track, Family.FENCE_IN_PROGRESS, target, null, running || track.endedUnshown.contains(target) ? 1 : 0));
            track.endedUnshown.clear();
            track.counts.forEach((key, count) -> put(step, track, key.family(), key.a(), key.b(), count));
        }
    }

    /**
     * Whether the node would have been scraped at {@code t}: it has not stopped, a fence of it was not
     * acknowledged after its last event (it was powered off), and it was heard from within {@link #SILENCE}.
     */
    private boolean live(NodeView view, NodeTrack track, long t) {
        FenceAck fenced = state.lastFenceAck(view.name());
        return view.up() && (fenced == null || fenced.position() < track.position) && t - track.lastMs <= SILENCE.toMillis();
    }

    /**
     * Gives each gauge series that had a sample at the instant before {@code step} and has none at it
     * one NaN sample: backfilled blocks have no staleness markers, so without it Prometheus would
     * show the last value for another 5 minutes (its lookback). Counters are left to end as they are.
     */
    private void closeEnded(int step) {
        for (SampleRuns runs : gauges) {
            if (runs.lastStep() == step - 1 && !Double.isNaN(runs.lastValue())) {
                runs.put(step, Double.NaN);
            }
        }
    }

    private void ownView(int step, NodeTrack track, NodeView view) {
        if (view.quorate() != Quorate.UNKNOWN) {
            put(step, track, Family.QUORATE, null, null, view.quorate() == Quorate.YES ? 1 : 0);
        }
        votes(step, track, "expected_votes", view.expectedVotes());
        votes(step, track, "highest_expected", track.highestExpected);
        votes(step, track, "total_votes", view.totalVotes());
        votes(step, track, "quorum", view.quorum());
        put(step, track, Family.MEMBERS, null, null, view.members().size());
        long sequence = ringSequence(view.ringId());
        if (sequence >= 0) {
            put(step, track, Family.RING_SEQUENCE, null, null, sequence);
        }
        if (view.configVersion() >= 0) {
            put(step, track, Family.CONFIG_VERSION, null, null, view.configVersion());
        }
        put(step, track, Family.CRM_MASTER, null, null, view.name().equals(state.crmMaster()) ? 1 : 0);
        oneHot(step, track, Family.CRM_STATE, CRM_STATES, view.crmState());
        oneHot(step, track, Family.LRM_STATE, LRM_STATES, view.lrmState());
    }

    private void clusterWide(int step, NodeTrack track) {
        for (Map.Entry<String, ServiceStatus> service : state.services().entrySet()) {
            String sid = service.getKey();
            String current = service.getValue().state();
            for (String known : SERVICE_STATES) {
                put(step, track, Family.RESOURCE_STATE, sid, known, known.equals(current) ? 1 : 0);
            }
            if (current != null && !current.isEmpty() && !SERVICE_STATES.contains(current)) {
                put(step, track, Family.RESOURCE_STATE, sid, current, 1);
            }
            if (service.getValue().node() != null) {
                put(step, track, Family.RESOURCE_NODE, sid, service.getValue().node(), 1);
            }
        }
        for (LockHold hold : state.locks().values()) {
            if (hold.holder() != null) {
                put(step, track, Family.LOCK_HELD, hold.lock(), hold.holder(), 1);
            }
        }
    }

    private void votes(int step, NodeTrack track, String type, int value) {
        if (value >= 0) {
            put(step, track, Family.QUORUM_VOTES, type, null, value);
        }
    }

    /** One series per known value (and {@code actual} if unknown): 1 for {@code actual}, 0 for the rest; none when null. */
    private void oneHot(int step, NodeTrack track, Family family, List<String> known, String actual) {
        if (actual == null) {
            return;
        }
        Set<String> values = new TreeSet<>(known);
        values.add(actual);
        for (String value : values) {
            put(step, track, family, value, null, value.equals(actual) ? 1 : 0);
        }
    }

    /** The sequence of a ring id printed as corosync prints it ({@code <representative>.<hex sequence>}), or -1. */
    static long ringSequence(String ringId) {
        if (ringId == null) {
            return -1;
        }
        int dot = ringId.indexOf('.');
        try {
            return Long.parseLong(ringId.substring(dot + 1), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void put(int step, NodeTrack track, Family family, String a, String b, double value) {
        SeriesKey key = new SeriesKey(family, track.cluster, track.node, a, b);
        SampleRuns runs = series.get(key);
        if (runs == null) {
            if (family.counter) {
                runs = SampleRuns.like(track.live, step, 0);
            } else {
                runs = new SampleRuns();
                gauges.add(runs);
            }
            series.put(key, runs);
        }
        runs.put(step, value);
    }

    // ---- writing

    private Summary writeTo(Writer out) throws IOException {
        List<Map.Entry<SeriesKey, SampleRuns>> sorted = new ArrayList<>(series.entrySet());
        sorted.sort(Map.Entry.comparingByKey(SERIES_ORDER));
        String[] times = new String[instants];
        StringBuilder line = new StringBuilder(256);
        long samples = 0;
        Family family = null;
        for (Map.Entry<SeriesKey, SampleRuns> entry : sorted) {
            SeriesKey key = entry.getKey();
            if (key.family() != family) {
                family = key.family();
                out.write("# TYPE " + family.name + (family.counter ? " counter\n" : " gauge\n"));
                out.write("# HELP " + family.name + " " + family.help + "\n");
            }
            line.setLength(0);
            line.append(family.sampleName()).append("{cluster=\"");
            escape(line, key.cluster()).append("\",node=\"");
            escape(line, key.node()).append('"');
            if (family.labels.length > 0) {
                line.append(',').append(family.labels[0]).append("=\"");
                escape(line, key.a()).append('"');
            }
            if (family.labels.length > 1) {
                line.append(',').append(family.labels[1]).append("=\"");
                escape(line, key.b()).append('"');
            }
            line.append("} ");
            String prefix = line.toString();
            SampleRuns runs = entry.getValue();
            for (int run = 0; run < runs.runs(); run++) {
                String value = number(runs.value(run)) + " ";
                for (int step = runs.first(run); step <= runs.last(run); step++) {
                    if (times[step] == null) {
                        times[step] = seconds(fromMs + step * stepMs) + "\n";
                    }
                    out.write(prefix);
                    out.write(value);
                    out.write(times[step]);
                }
                samples += runs.last(run) - runs.first(run) + 1;
            }
        }
        out.write("# EOF\n");
        out.flush();
        return new Summary(instants, tracks.size(), series.size(), samples);
    }

    private static StringBuilder escape(StringBuilder out, String value) {
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        return out;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Epoch milliseconds as OpenMetrics seconds: whole seconds bare, else with three decimals. */
    static String seconds(long epochMs) {
        long whole = Math.floorDiv(epochMs, 1000);
        long millis = Math.floorMod(epochMs, 1000);
        if (millis == 0) {
            return Long.toString(whole);
        }
        String fraction = Long.toString(1000 + millis).substring(1);
        return whole + "." + fraction;
    }
}
