package io.quorate.chaos.experiment;

import java.util.Optional;

/**
 * One check of the steady-state hypothesis. The runner checks every probe before the method (a
 * failure aborts the run: the system was not steady to begin with) and again after the rollbacks
 * (a failure fails the run).
 */
public sealed interface Probe permits Probe.NodeApi, Probe.PromQl, Probe.InvariantCheck {
    /** The probe's name: from the file, or derived from what it checks. */
    String name();

    /**
     * {@code node-api}: GET {@code path} on a node and compare one field of the JSON reply.
     *
     * @param target   the node to ask; empty means any node that answers
     * @param expected the value the field must have: a String, Long, Double or Boolean
     */
    record NodeApi(String name, Optional<Selector> target, String path, FieldPath field, Object expected) implements Probe {
    }

    /** {@code promql}: an instant query against Prometheus; every sample must satisfy the tolerance. */
    record PromQl(String name, String query, Tolerance tolerance) implements Probe {
    }

    /** {@code invariant}: a checker over the run's event history must find no violation. */
    record InvariantCheck(String name, Invariant invariant) implements Probe {
    }
}
