package io.quorate.chaos.experiment;

import java.util.List;

/** What "working" means for this experiment: every probe must hold before and after. */
public record SteadyStateHypothesis(String title, List<Probe> probes) {
    public SteadyStateHypothesis {
        probes = List.copyOf(probes);
    }
}
