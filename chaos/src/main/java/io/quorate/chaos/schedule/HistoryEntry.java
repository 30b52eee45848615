package io.quorate.chaos.schedule;

/**
 * One finished run of the scheduler, a line of {@code history.jsonl} (times RFC 3339).
 *
 * @param runDir    the run's directory (reports, run.log, a new lab's files)
 * @param scheduled the fire time it ran for
 */
public record HistoryEntry(String experiment, String file, String run, String runDir, String verdict, String reason, String scheduled,
                           String started, String ended) {
}
