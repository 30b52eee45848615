package io.quorate.chaos.run;

import java.util.List;

/**
 * One final check of a run.
 *
 * @param evidence what shows the failure: event ids, prober rounds, times
 */
public record CheckResult(String name, boolean passed, String detail, List<String> evidence) {
    public CheckResult {
        evidence = List.copyOf(evidence);
    }
}
