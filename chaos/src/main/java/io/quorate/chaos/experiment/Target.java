package io.quorate.chaos.experiment;

import java.util.List;

/** The cluster an experiment runs against, and the HA guests it watches. */
public sealed interface Target permits Target.NewLab, Target.ExistingLab {
    /** The guests ({@code vm:101}) the experiment expects as HA resources; SLOs and selectors may name only these. */
    List<ResourceId> guests();

    /** {@code nodes: N}: the runner builds a lab of N nodes named {@code n1}..{@code nN} and tears it down after. */
    record NewLab(int nodes, List<ResourceId> guests) implements Target {
        /** The largest lab the runner builds. */
        public static final int MAX_NODES = 32;

        public NewLab {
            guests = List.copyOf(guests);
        }
    }

    /** {@code lab: DIR}: a running lab ({@code quorate lab up --dir DIR}); node names come from it. */
    record ExistingLab(String dir, List<ResourceId> guests) implements Target {
        public ExistingLab {
            guests = List.copyOf(guests);
        }
    }
}
