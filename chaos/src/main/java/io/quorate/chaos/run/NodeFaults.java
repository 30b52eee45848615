package io.quorate.chaos.run;

import java.util.Optional;

/** {@link NodeFaultControl}s. */
public final class NodeFaults {
    private NodeFaults() {
    }

    /** Nodes that take no latency or clock faults; the report names {@code reason}. */
    public static NodeFaultControl unavailable(String reason) {
        return new NodeFaultControl() {
            @Override
            public void latency(String node, long delayMs, long jitterMs) {
                throw new FaultException(reason);
            }

            @Override
            public void clearLatency(String node) {
                // nothing was applied
            }

            @Override
            public void clockOffset(String node, long offsetMs) {
                throw new FaultException(reason);
            }

            @Override
            public void clearClockOffset(String node) {
                // nothing was applied
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of(reason);
            }
        };
    }
}
