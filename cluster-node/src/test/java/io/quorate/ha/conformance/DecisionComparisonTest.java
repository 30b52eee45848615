package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Comparing decisions: times ignored, order kept, the earliest difference reported. */
class DecisionComparisonTest {

    private static Decisions decisions(Map<String, List<ServiceChange>> services, Map<String, List<NodeChange>> nodes,
            List<FenceAck> acks) {
        return new Decisions(new TreeMap<>(services), new TreeMap<>(nodes), acks);
    }

    private static final List<ServiceChange> VM101 = List.of(
            new ServiceChange(20, null, "added", "node1", null),
            new ServiceChange(20, "request_start", "started", "node1", null));

    @Test
    void equalDecisionsAtOtherTimesAreEqual() {
        Decisions a = decisions(Map.of("vm:101", VM101), Map.of("node1", List.of(new NodeChange(20, "unknown", "online"))),
                List.of(new FenceAck(240, "node3", "ha_agent_node3_lock")));
        Decisions b = decisions(Map.of("vm:101", List.of(
                        new ServiceChange(22, null, "added", "node1", null),
                        new ServiceChange(41, "request_start", "started", "node1", null))),
                Map.of("node1", List.of(new NodeChange(21, "unknown", "online"))),
                List.of(new FenceAck(230, "node3", "ha_agent_node3_lock")));
        assertEquals(Optional.empty(), DecisionComparison.compare(a, b));
        assertEquals(Optional.empty(), DecisionComparison.compare(b, a));
    }

    @Test
    void aMissingServiceAndAMissingNode() {
        Decisions expected = decisions(Map.of("vm:101", VM101), Map.of("node1", List.of(new NodeChange(10, "unknown", "online"))),
                List.of());
        Decisions actual = decisions(Map.of(), Map.of(), List.of());
        assertEquals(Optional.of("node node1: change 1 expected unknown→online (t=10), got none (only 0 changes)"),
                DecisionComparison.compare(expected, actual));
        assertEquals(Optional.of("service vm:101: change 1 expected added on node1 (t=20), got none (only 0 changes)"),
                DecisionComparison.compare(decisions(Map.of("vm:101", VM101), Map.of(), List.of()), actual));
    }

    @Test
    void targetAndFromCount() {
        Decisions expected = decisions(Map.of("vm:101", List.of(new ServiceChange(120, "started", "migrate", "node1", "node2"))),
                Map.of(), List.of());
        Decisions actual = decisions(Map.of("vm:101", List.of(new ServiceChange(120, "started", "migrate", "node1", "node3"))),
                Map.of(), List.of());
        assertEquals(Optional.of("service vm:101: change 1 expected started→migrate on node1 target node2 (t=120), "
                + "got started→migrate on node1 target node3 (t=120)"), DecisionComparison.compare(expected, actual));
        Decisions otherFrom = decisions(Map.of("vm:101", List.of(new ServiceChange(120, "stopped", "migrate", "node1", "node2"))),
                Map.of(), List.of());
        assertEquals(true, DecisionComparison.compare(expected, otherFrom).isPresent());
    }

    @Test
    void fenceAckOrderAndLock() {
        Decisions expected = decisions(Map.of(), Map.of(), List.of(new FenceAck(100, "node2", "ha_agent_node2_lock"),
                new FenceAck(200, "node3", "ha_agent_node3_lock")));
        Decisions swapped = decisions(Map.of(), Map.of(), List.of(new FenceAck(100, "node3", "ha_agent_node3_lock"),
                new FenceAck(200, "node2", "ha_agent_node2_lock")));
        assertEquals(Optional.of("fencing ack 1 expected node2 (lock ha_agent_node2_lock) (t=100), "
                + "got node3 (lock ha_agent_node3_lock) (t=100)"), DecisionComparison.compare(expected, swapped));
    }

    @Test
    void equalTimesPreferFencingThenNodesThenServicesThenNames() {
        Decisions expected = decisions(
                Map.of("vm:102", List.of(new ServiceChange(50, null, "added", "node1", null)),
                        "vm:101", List.of(new ServiceChange(50, null, "added", "node1", null))),
                Map.of("node2", List.of(new NodeChange(50, "unknown", "online"))), List.of());
        Decisions actual = decisions(Map.of(), Map.of(), List.of());
        assertEquals(Optional.of("node node2: change 1 expected unknown→online (t=50), got none (only 0 changes)"),
                DecisionComparison.compare(expected, actual));
        Decisions noNodes = decisions(expected.services(), Map.of(), List.of());
        assertEquals(Optional.of("service vm:101: change 1 expected added on node1 (t=50), got none (only 0 changes)"),
                DecisionComparison.compare(noNodes, actual));
    }
}
