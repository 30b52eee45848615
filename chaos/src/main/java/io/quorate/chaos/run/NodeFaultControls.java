package io.quorate.chaos.run;

import io.quorate.chaos.lab.ChaosLab;
import io.quorate.cli.CliException;
import io.quorate.cli.NodeFaultsClient;
import io.quorate.runtime.NodeFaults;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** {@link NodeFaultControl}s. */
public final class NodeFaultControls {
    private NodeFaultControls() {
    }

    /**
     * The nodes' own fault API ({@code /api2/json/nodes/NODE/faults}), reached through each node's
     * directory. Latency and clock offset are kept apart: setting one keeps the other in force.
     *
     * @param seeds jitter seeds, from the run's seeded generator so a run's reordering is reproducible
     */
    public static NodeFaultControl api(ChaosLab lab, LongSupplier seeds) {
        return new NodeFaultControl() {
            @Override
            public void latency(String node, long delayMs, long jitterMs) {
                update(node, current -> new NodeFaults(delayMs, jitterMs, seeds.getAsLong(), current.clockOffsetMs()));
            }

            @Override
            public void clearLatency(String node) {
                update(node, current -> new NodeFaults(0, 0, 0, current.clockOffsetMs()));
            }

            @Override
            public void clockOffset(String node, long offsetMs) {
                update(node, current -> new NodeFaults(current.delayMs(), current.jitterMs(), current.jitterSeed(), offsetMs));
            }

            @Override
            public void clearClockOffset(String node) {
                update(node, current -> new NodeFaults(current.delayMs(), current.jitterMs(), current.jitterSeed(), 0));
            }

            private void update(String node, java.util.function.UnaryOperator<NodeFaults> change) {
                Path dir = lab.nodeDir(node);
                try {
                    NodeFaults next = change.apply(NodeFaultsClient.get(dir));
                    if (next.active()) {
                        NodeFaultsClient.set(dir, next);
                    } else {
                        NodeFaultsClient.clear(dir);
                    }
                } catch (CliException | IllegalArgumentException e) {
                    throw new FaultException(node + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
