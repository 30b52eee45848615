package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Reading the CRM master's decisions out of Proxmox's expected logs. */
class DecisionExtractorTest {

    private static ServiceChange change(long time, String from, String state, String node, String target) {
        return new ServiceChange(time, from, state, node, target);
    }

    @Test
    void basic1Exactly() {
        ProxmoxCase c = SharedCases.load("test-basic1");
        Decisions d = DecisionExtractor.expected(c);

        assertEquals(List.of(
                change(20, null, "added", "node3", null),
                change(20, "request_start", "started", "node3", null),
                change(160, "started", "fence", "node3", null),
                change(240, "fence", "recovery", "node3", null),
                change(240, "recovery", "started", "node2", null)), d.service("vm:103"));
        assertEquals(List.of(
                change(20, null, "added", "node1", null),
                change(20, "request_start", "started", "node1", null)), d.service("vm:101"));
        assertEquals(List.of(
                change(20, null, "added", "node2", null),
                change(40, "request_stop", "stopped", "node2", null)), d.service("vm:102"));
        assertEquals(List.of("vm:101", "vm:102", "vm:103"), List.copyOf(d.services().keySet()));

        assertEquals(List.of("online", "unknown", "fence", "unknown"), d.nodeStates("node3"));
        assertEquals(List.of(new NodeChange(20, "unknown", "online"), new NodeChange(120, "online", "unknown"),
                new NodeChange(160, "unknown", "fence"), new NodeChange(240, "fence", "unknown")), d.nodes().get("node3"));
        assertEquals(List.of("online"), d.nodeStates("node1"));
        assertEquals(List.of("online"), d.nodeStates("node2"));

        assertEquals(List.of(new FenceAck(240, "node3", "ha_agent_node3_lock")), d.fenceAcks());
        assertEquals(List.of("node3"), d.fencedNodes());

        Map<String, ServiceChange> finals = d.finalStates();
        assertEquals("started", finals.get("vm:101").state());
        assertEquals("node1", finals.get("vm:101").node());
        assertEquals("stopped", finals.get("vm:102").state());
        assertEquals("node2", finals.get("vm:102").node());
        assertEquals("started", finals.get("vm:103").state());
        assertEquals("node2", finals.get("vm:103").node());
    }

    @Test
    void preloadedServiceCarriesItsNodeFromManagerStatus() {
        ProxmoxCase c = SharedCases.load("test-basic2");
        ServiceChange first = DecisionExtractor.expected(c).service("vm:101").get(0);
        assertEquals("fence", first.from());
        assertEquals("node1", first.node(), "seeded from manager_status, the line names no node");
        assertEquals(null, DecisionExtractor.fromLog(c.expectedLog()).service("vm:101").get(0).node(),
                "without the seed the node is unknown until logged");
    }

    @Test
    void migrateKeepsTargetOnlyOnTheMigrateChange() {
        List<LogLine> log = List.of(
                LogLine.parse("info     20    node1/crm: status change wait_for_quorum => master"),
                LogLine.parse("info     20    node1/crm: adding new service 'vm:101' on node 'node1'"),
                LogLine.parse("info     20    node1/crm: service 'vm:101': state changed from 'request_start' to 'started'  (node = node1)"),
                LogLine.parse("info    120    node1/crm: service 'vm:101': state changed from 'started' to 'migrate'  (node = node1, target = node2)"),
                LogLine.parse("info    125    node1/crm: service 'vm:101': state changed from 'migrate' to 'started'  (node = node2)"),
                LogLine.parse("info    220    node1/crm: service 'vm:101': state changed from 'started' to 'request_stop'  (timeout = 60)"),
                LogLine.parse("info    240    node1/crm: removing stale service 'vm:101' (no config)"));
        assertEquals(List.of(
                change(20, null, "added", "node1", null),
                change(20, "request_start", "started", "node1", null),
                change(120, "started", "migrate", "node1", "node2"),
                change(125, "migrate", "started", "node2", null),
                change(220, "started", "request_stop", "node2", null),
                change(240, "request_stop", "removed", "node2", null)), DecisionExtractor.fromLog(log).service("vm:101"));
    }

    @Test
    void onlyTheCurrentMastersLinesCount() {
        List<LogLine> log = List.of(
                LogLine.parse("info     20    node2/crm: node 'node1': state changed from 'unknown' => 'online'"),
                LogLine.parse("info     20    node1/crm: status change wait_for_quorum => master"),
                LogLine.parse("info     20    node1/crm: node 'node1': state changed from 'unknown' => 'online'"),
                LogLine.parse("info     21    node2/crm: node 'node3': state changed from 'unknown' => 'online'"),
                LogLine.parse("info     21    node1/lrm: service 'vm:101': state changed from 'started' to 'fence'"),
                LogLine.parse("info     30    node1/crm: status change master => lost_manager_lock"),
                LogLine.parse("info     31    node1/crm: node 'node2': state changed from 'unknown' => 'online'"),
                LogLine.parse("info     40    node2/crm: status change slave => master"),
                LogLine.parse("info     40    node2/crm: got lock 'ha_agent_node1_lock'"),
                LogLine.parse("info     40    node2/crm: fencing: acknowledged - got agent lock for node 'node1'"),
                LogLine.parse("emai     40    node2/crm: SUCCEED: fencing: acknowledged - got agent lock for node 'node1'"));
        Decisions d = DecisionExtractor.fromLog(log);
        assertEquals(List.of("node1"), List.copyOf(d.nodes().keySet()));
        assertEquals(List.of(), d.services().keySet().stream().toList());
        assertEquals(List.of(new FenceAck(40, "node1", "ha_agent_node1_lock")), d.fenceAcks(), "the mail is not a second ack");
    }

    @Test
    void malformedDecisionLinesAreErrors() {
        List<LogLine> service = List.of(
                LogLine.parse("info     20    node1/crm: status change wait_for_quorum => master"),
                LogLine.parse("info     20    node1/crm: service 'vm:101': state changed from 'started' to"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecisionExtractor.fromLog(service));
        assertEquals("unparsable service state change at t=20 from node1/crm: "
                + "'service 'vm:101': state changed from 'started' to'", e.getMessage());
        List<LogLine> param = List.of(
                LogLine.parse("info     20    node1/crm: status change wait_for_quorum => master"),
                LogLine.parse("info     20    node1/crm: service 'vm:101': state changed from 'a' to 'b'  (node node2)"));
        assertThrows(IllegalArgumentException.class, () -> DecisionExtractor.fromLog(param));
    }

    @Test
    void everySharedLogEqualsItselfAndEveryStateLineIsTaken() {
        List<String> problems = new ArrayList<>();
        for (Path dir : SharedCases.caseDirs()) {
            ProxmoxCase c = ProxmoxCase.load(dir);
            Decisions expected = DecisionExtractor.expected(c);
            Decisions again = DecisionExtractor.fromLog(new ArrayList<>(c.expectedLog()), c.managerStatus());
            DecisionComparison.compare(expected, again).ifPresent(diff -> problems.add(c.name() + ": " + diff));
            assertEquals(expected, again, c.name());

            long stateLines = c.expectedLog().stream().filter(LogLine::isCrm)
                    .filter(l -> l.message().matches("^service '[^']+': state changed .*")).count();
            long serviceChanges = expected.services().values().stream().flatMap(List::stream)
                    .filter(s -> !s.state().equals(ServiceChange.ADDED) && !s.state().equals(ServiceChange.REMOVED))
                    .count();
            long nodeLines = c.expectedLog().stream().filter(LogLine::isCrm)
                    .filter(l -> l.message().matches("^node '[^']+': state changed .*")).count();
            long nodeChanges = expected.nodes().values().stream().mapToLong(List::size).sum();
            long ackLines = c.expectedLog().stream().filter(LogLine::isCrm)
                    .filter(l -> l.message().startsWith("fencing: acknowledged")).count();
            if (stateLines != serviceChanges || nodeLines != nodeChanges || ackLines != expected.fenceAcks().size()) {
                problems.add(c.name() + ": a CRM state line was not taken (only the master logs them)");
            }
            for (Map.Entry<String, List<ServiceChange>> e : expected.services().entrySet()) {
                List<ServiceChange> changes = e.getValue();
                for (int i = 1; i < changes.size(); i++) {
                    String before = changes.get(i - 1).state();
                    String from = changes.get(i).from();
                    boolean readded = before.equals(ServiceChange.REMOVED) && changes.get(i).state().equals(ServiceChange.ADDED);
                    if (!before.equals(ServiceChange.ADDED) && !readded && !before.equals(from)) {
                        problems.add(c.name() + ": " + e.getKey() + " change " + (i + 1) + " starts from " + from
                                + " after " + before);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---- a hand-mutated basic1 log yields the expected first difference ----

    private static Optional<String> mutated(UnaryOperator<List<LogLine>> mutation) {
        ProxmoxCase c = SharedCases.load("test-basic1");
        Decisions expected = DecisionExtractor.expected(c);
        List<LogLine> log = mutation.apply(new ArrayList<>(c.expectedLog()));
        return DecisionComparison.compare(expected, DecisionExtractor.fromLog(log, c.managerStatus()));
    }

    private static List<LogLine> replace(List<LogLine> log, String from, String to) {
        List<LogLine> out = new ArrayList<>();
        boolean done = false;
        for (LogLine l : log) {
            if (!done && l.message().contains(from)) {
                out.add(new LogLine(l.level(), l.time(), l.component(), l.message().replace(from, to)));
                done = true;
            } else {
                out.add(l);
            }
        }
        assertTrue(done, "nothing to replace: " + from);
        return out;
    }

    @Test
    void recoveryToTheWrongNode() {
        assertEquals(Optional.of("service vm:103: change 5 expected recovery→started on node2 (t=240), "
                        + "got recovery→started on node1 (t=240)"),
                mutated(log -> replace(log, "'recovery' to 'started'  (node = node2)",
                        "'recovery' to 'started'  (node = node1)")));
    }

    @Test
    void missingFenceAcknowledgement() {
        assertEquals(Optional.of("fencing ack 1 expected node3 (lock ha_agent_node3_lock) (t=240), "
                        + "got none (only 0 acknowledgements)"),
                mutated(log -> {
                    log.removeIf(l -> l.message().equals("fencing: acknowledged - got agent lock for node 'node3'"));
                    return log;
                }));
    }

    @Test
    void theEarliestDifferenceIsReported() {
        // node3 never goes to fence (t=160) and so vm:103 is never fenced (t=160): the node comes first
        assertEquals(Optional.of("node node3: change 3 expected unknown→fence (t=160), got fence→unknown (t=240)"),
                mutated(log -> {
                    log.removeIf(l -> l.message().equals("node 'node3': state changed from 'unknown' => 'fence'"));
                    return log;
                }));
        assertEquals(Optional.of("service vm:103: change 3 expected started→fence on node3 (t=160), "
                        + "got fence→recovery on node3 (t=240)"),
                mutated(log -> {
                    log.removeIf(l -> l.message().equals("service 'vm:103': state changed from 'started' to 'fence'"));
                    return log;
                }));
    }

    @Test
    void anExtraChangeAndAnExtraService() {
        assertEquals(Optional.of("service vm:101: change 3 expected none (only 2 changes), "
                        + "got started→migrate on node1 target node2 (t=300)"),
                mutated(log -> {
                    log.add(LogLine.parse("info    300    node1/crm: service 'vm:101': state changed from 'started' "
                            + "to 'migrate'  (node = node1, target = node2)"));
                    return log;
                }));
        assertEquals(Optional.of("service vm:104: change 1 expected none (only 0 changes), got added on node1 (t=20)"),
                mutated(log -> {
                    log.add(20, LogLine.parse("info     20    node1/crm: adding new service 'vm:104' on node 'node1'"));
                    return log;
                }));
    }

    @Test
    void timesAndOtherComponentsDoNotMatter() {
        assertEquals(Optional.empty(), mutated(log -> log.stream()
                .filter(l -> !l.component().endsWith("/lrm"))
                .map(l -> new LogLine(l.level(), l.time() + 7, l.component(), l.message().replace("  (", " (")))
                .toList()));
    }
}
