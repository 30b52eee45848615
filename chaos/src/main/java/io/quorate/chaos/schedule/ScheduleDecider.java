package io.quorate.chaos.schedule;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, tick by tick, which scheduled experiments start, wait or were missed. Pure: the time, the
 * experiments and the busy clusters are handed in; no clock, no I/O, so a fake clock drives it in tests.
 *
 * <p>The rules: an experiment's fire times (its cron schedule, in the zone of {@code now}) are
 * accounted for once each. At a tick, of the fire times since the last one accounted, the latest is
 * due; the earlier ones are <em>missed</em> (their next fire time came before they could run: the
 * service was down, or too busy), and logged, not replayed. A due run starts when its cluster is free
 * (one run per cluster at a time, first due first); otherwise it waits, logged once as
 * <em>delayed</em>. A waiting run whose next fire time comes is missed in favour of that one, so an
 * experiment never has more than one run waiting.
 */
public final class ScheduleDecider {
    /** At most this many fire times are counted per experiment and tick (a service down for a year, every minute). */
    static final int MAX_COUNTED = 100_000;

    private final Map<String, ZonedDateTime> accountedUntil = new HashMap<>();
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    private final Map<String, ZonedDateTime> lastScheduled;

    private static final class Waiting {
        final ZonedDateTime scheduled;
        final String cluster;
        boolean delayLogged;

        Waiting(ZonedDateTime scheduled, String cluster) {
            this.scheduled = scheduled;
            this.cluster = cluster;
        }
    }

    /**
     * @param lastScheduled per experiment, the fire time of its last run before this service started
     *                      (from the history): fire times after it that passed while the service was
     *                      down count as due or missed. An experiment without one starts with the
     *                      current minute.
     */
    public ScheduleDecider(Map<String, ZonedDateTime> lastScheduled) {
        this.lastScheduled = Map.copyOf(lastScheduled);
    }

    /**
     * @param experiments the scheduled experiments as the directory holds them now
     * @param running     busy clusters and the experiment running on each
     * @return the decisions, in the order they were taken; every {@link ScheduleDecision.Start} must be started
     */
    public List<ScheduleDecision> tick(ZonedDateTime now, List<ScheduledExperiment> experiments, Map<String, String> running) {
        List<ScheduleDecision> decisions = new ArrayList<>();
        Set<String> present = experiments.stream().map(ScheduledExperiment::name).collect(Collectors.toSet());
        accountedUntil.keySet().retainAll(present);
        waiting.keySet().retainAll(present);
        List<ScheduledExperiment> byName = experiments.stream().sorted(Comparator.comparing(ScheduledExperiment::name)).toList();
        for (ScheduledExperiment experiment : byName) {
            account(experiment, now, decisions);
        }
        Map<String, String> busy = new HashMap<>(running);
        for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Waiting> entry = it.next();
            Waiting run = entry.getValue();
            String busyWith = busy.get(run.cluster);
            if (busyWith == null) {
                decisions.add(new ScheduleDecision.Start(entry.getKey(), run.scheduled, run.cluster, run.delayLogged));
                busy.put(run.cluster, entry.getKey());
                it.remove();
            } else if (!run.delayLogged) {
                decisions.add(new ScheduleDecision.Delay(entry.getKey(), run.scheduled, run.cluster, busyWith));
                run.delayLogged = true;
            }
        }
        return decisions;
    }

    /** Whether a due run still waits for its cluster. */
    public boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    private void account(ScheduledExperiment experiment, ZonedDateTime now, List<ScheduleDecision> decisions) {
        String name = experiment.name();
        ZonedDateTime from = accountedUntil.computeIfAbsent(name, n -> initial(n, now));
        List<ZonedDateTime> fires = new ArrayList<>(2);
        ZonedDateTime first = null;
        long count = 0;
        for (ZonedDateTime fire = experiment.schedule().next(from); !fire.isAfter(now) && count < MAX_COUNTED;
             fire = experiment.schedule().next(fire)) {
            first = first == null ? fire : first;
            count++;
            if (fires.size() == 2) {
                fires.remove(0);
            }
            fires.add(fire);
        }
        if (count == 0) {
            return;
        }
        ZonedDateTime due = fires.get(fires.size() - 1);
        accountedUntil.put(name, due);
        Waiting stale = waiting.remove(name);
        if (stale != null) {
            decisions.add(new ScheduleDecision.Miss(name, stale.scheduled, stale.scheduled, 1,
                    "still waiting for " + stale.cluster + " when its next fire time came"));
        }
        if (count > 1) {
            decisions.add(new ScheduleDecision.Miss(name, first, fires.get(0), count - 1,
                    "the scheduler was not running then (or its cluster stayed busy) and the next fire time has come"));
        }
        waiting.put(name, new Waiting(due, experiment.cluster()));
    }

    private ZonedDateTime initial(String name, ZonedDateTime now) {
        ZonedDateTime last = lastScheduled.get(name);
        ZonedDateTime thisMinute = now.truncatedTo(ChronoUnit.MINUTES).minusSeconds(1); // so the current minute can fire
        return last != null ? last.withZoneSameInstant(now.getZone()) : thisMinute;
    }
}
