package io.quorate.chaos.run;

import java.util.List;

/**
 * Everything a run found, as {@code report.json} holds it (the HTML report shows the same).
 *
 * @param reason        one line: why the verdict
 * @param notApplied    fault modes this machine could not apply, and why
 * @param proberRounds  rounds of the outside prober (every guest on every node, every 50 ms)
 * @param eventsFolded  events of the run's history folded by the checkers
 * @param workload      what the random phase's background load did, one line per kind
 */
public record RunReport(int version, String experiment, String file, String run, Verdict verdict, String reason, String started,
                        String ended, long seed, String lab, List<String> nodes, List<String> guests, List<String> notApplied,
                        List<ProbeResult> steadyStateBefore, List<ProbeResult> steadyStateAfter, List<FaultOutcome> faults,
                        List<SloResult> slos, List<CheckResult> checks, long proberRounds, long eventsFolded,
                        List<String> workload) {
    public static final int VERSION = 1;

    public RunReport {
        nodes = List.copyOf(nodes);
        guests = List.copyOf(guests);
        notApplied = List.copyOf(notApplied);
        steadyStateBefore = List.copyOf(steadyStateBefore);
        steadyStateAfter = List.copyOf(steadyStateAfter);
        faults = List.copyOf(faults);
        slos = List.copyOf(slos);
        checks = List.copyOf(checks);
        workload = workload == null ? List.of() : List.copyOf(workload);
    }
}
