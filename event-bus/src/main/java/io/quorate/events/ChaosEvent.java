package io.quorate.events;

import java.util.List;

/**
 * A chaos run, as its runner reports it on the event stream: the runner publishes under a node name
 * of its own ({@code chaos-runner}, not a cluster member), so replay, the exporter and run reports
 * show when each fault was in force beside what the cluster did about it. {@code run} names the run
 * (its output directory), {@code faultId} a fault within it (1, 2, ...).
 */
public sealed interface ChaosEvent extends EventData {

    /** The run checks the steady state next; {@code seed} reproduces its random choices. */
    @EventType("chaos.run_started")
    record RunStarted(String run, String experiment, String title, long seed) implements ChaosEvent {
    }

    /** A fault is in force from now on. */
    @EventType("chaos.fault_applied")
    record FaultApplied(String run, int faultId, String kind, String summary, List<String> nodes) implements ChaosEvent {
        public FaultApplied {
            nodes = List.copyOf(nodes);
        }
    }

    /** Applying a fault failed part-way: it may be in force in part until it is healed. */
    @EventType("chaos.fault_failed")
    record FaultFailed(String run, int faultId, String kind, String summary, List<String> nodes, String error) implements ChaosEvent {
        public FaultFailed {
            nodes = List.copyOf(nodes);
        }
    }

    /** A fault was undone. */
    @EventType("chaos.fault_healed")
    record FaultHealed(String run, int faultId, String kind, String summary, List<String> nodes) implements ChaosEvent {
        public FaultHealed {
            nodes = List.copyOf(nodes);
        }
    }

    /** The run was judged; {@code verdict} is {@code passed}, {@code failed} or {@code aborted}. */
    @EventType("chaos.run_finished")
    record RunFinished(String run, String experiment, String verdict, String reason) implements ChaosEvent {
    }
}
