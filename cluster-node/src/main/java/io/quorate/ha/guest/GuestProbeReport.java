package io.quorate.ha.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot of a {@link GuestProber}: rounds run so far and, per sid, what answered when.
 * {@link #toString()} is the human-readable form, times as RFC 3339 and ms since start.
 *
 * @param clock the prober's clock, to turn any nanoTime of the report into wall-clock time
 * @param rounds rounds completed
 * @param sids per sid, sorted by sid
 */
public record GuestProbeReport(ProbeClock clock, long rounds, Map<String, SidSummary> sids) {
    public GuestProbeReport {
        sids = Map.copyOf(sids);
    }

    public SidSummary sid(String sid) {
        SidSummary summary = sids.get(sid);
        if (summary == null) {
            throw new IllegalArgumentException("no endpoint probes " + sid);
        }
        return summary;
    }

    /** Violations of every sid (each sid's kept ones), in sid order. */
    public List<ProbeViolation> violations() {
        return sids.keySet().stream().sorted().flatMap(sid -> sids.get(sid).violations().stream()).toList();
    }

    public long violationCount() {
        return sids.values().stream().mapToLong(SidSummary::violationCount).sum();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        lines.add("guest probe from " + clock.format(clock.startNanos()) + ": " + rounds + " rounds, "
                + violationCount() + " violations");
        lines.addAll(sids.keySet().stream().sorted().map(sid -> sids.get(sid).describe(clock)).collect(Collectors.toList()));
        return String.join("\n", lines);
    }
}
