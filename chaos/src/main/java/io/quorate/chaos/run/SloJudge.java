package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Slo;
import io.quorate.ha.guest.GuestProbeReport;
import io.quorate.ha.guest.ProbeClock;
import io.quorate.ha.guest.SidSummary;
import io.quorate.ha.guest.TimelineSegment;
import io.quorate.events.replay.Rfc3339;
import java.util.List;

/**
 * Judges {@code recover SID within D} from the outside prober's timeline: the clock starts at the run's
 * first fault; if the prober then sees the resource answer nowhere, recovery is the first round after
 * that in which it answers again (on any node), and must come within D of the fault. A resource the
 * fault never interrupted recovered in 0 ms.
 */
final class SloJudge {
    private SloJudge() {
    }

    static SloResult judge(Slo slo, GuestProbeReport probes, long faultNanos) {
        String sid = slo.resource().toString();
        ProbeClock clock = probes.clock();
        String faultAt = Rfc3339.format(clock.instant(faultNanos));
        long withinMs = slo.within().toMillis();
        SidSummary summary = probes.sids().get(sid);
        if (summary == null) {
            return new SloResult(slo.toString(), sid, withinMs, false, faultAt, null, null, -1, null, "the prober never probed " + sid);
        }
        List<TimelineSegment> timeline = summary.timeline();
        TimelineSegment outage = null;
        for (TimelineSegment segment : timeline) {
            if (outage == null && segment.nodes().isEmpty() && segment.toNanos() >= faultNanos) {
                outage = segment;
            } else if (outage != null && !segment.nodes().isEmpty()) {
                long recoveryMs = Math.max(0, (segment.fromNanos() - faultNanos) / 1_000_000);
                boolean met = recoveryMs <= withinMs;
                return new SloResult(slo.toString(), sid, withinMs, met, faultAt, at(clock, Math.max(outage.fromNanos(), faultNanos)),
                        at(clock, segment.fromNanos()), recoveryMs, String.join(",", segment.nodes()),
                        sid + " answered again on " + String.join(",", segment.nodes()) + " " + recoveryMs + " ms after the fault"
                                + (met ? "" : ", later than " + withinMs + " ms"));
            }
        }
        if (outage == null) {
            String node = summary.lastNode().orElse(null);
            return new SloResult(slo.toString(), sid, withinMs, node != null, faultAt, null, null, node != null ? 0 : -1, node,
                    node != null ? sid + " never stopped answering (on " + node + ")" : sid + " never answered");
        }
        return new SloResult(slo.toString(), sid, withinMs, false, faultAt, at(clock, Math.max(outage.fromNanos(), faultNanos)), null, -1,
                null, sid + " did not answer again after the fault");
    }

    private static String at(ProbeClock clock, long nanos) {
        return Rfc3339.format(clock.instant(nanos));
    }
}
