package io.quorate.chaos.schedule;

import java.time.ZonedDateTime;

/** What the scheduler decided about one experiment at one tick; {@link #line()} is its log line (after the time). */
public sealed interface ScheduleDecision {
    String experiment();

    String line();

    /** Run it now, for its fire time {@code scheduled}; {@code delayed}: it waited for its cluster. */
    record Start(String experiment, ZonedDateTime scheduled, String cluster, boolean delayed) implements ScheduleDecision {
        @Override
        public String line() {
            return "start " + experiment + " (scheduled " + ScheduleTimes.format(scheduled) + (delayed ? ", delayed" : "") + ") on " + cluster;
        }
    }

    /** Due, but its cluster is busy: it runs when the cluster is free (unless its next fire time comes first). */
    record Delay(String experiment, ZonedDateTime scheduled, String cluster, String busyWith) implements ScheduleDecision {
        @Override
        public String line() {
            return "delayed " + experiment + " (scheduled " + ScheduleTimes.format(scheduled) + "): " + cluster + " is busy with " + busyWith;
        }
    }

    /** Fire times that passed without a run, the next one having come too (service down, or the cluster busy beyond a period). */
    record Miss(String experiment, ZonedDateTime first, ZonedDateTime last, long count, String why) implements ScheduleDecision {
        @Override
        public String line() {
            return "missed " + experiment + " " + (count == 1 ? "run scheduled " + ScheduleTimes.format(first)
                    : count + " runs scheduled " + ScheduleTimes.format(first) + " .. " + ScheduleTimes.format(last)) + ": " + why;
        }
    }
}
