package io.quorate.chaos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.schedule.CronSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every construct of the format, read into records. */
class ExperimentParsingTest {
    private static final String HEAD = """
            title: t
            target:
              nodes: 5
              guests: [vm:101, ct:200]
            steady-state-hypothesis:
              title: steady
              probes:
                - invariant: contiguous_sequences
            """;

    private static Experiment valid(String yaml) {
        ValidationResult result = ExperimentValidator.validate(yaml);
        assertTrue(result.valid(), () -> "errors: " + result.errors());
        return result.experimentOrThrow();
    }

    private static List<Action> method(String actions) {
        return valid(HEAD + "method:\n" + actions.stripIndent()).method();
    }

    private static Action only(String action) {
        List<Action> actions = method(action);
        assertEquals(1, actions.size());
        return actions.get(0);
    }

    @Test
    void topLevelFields() {
        Experiment e = valid("""
                title: Power cut
                description: cut it
                target:
                  nodes: 3
                  guests: [vm:101]
                schedule: "*/15 2-4 * * mon-fri"
                steady-state-hypothesis:
                  title: steady
                  probes:
                    - invariant: no_resource_on_two_nodes
                method:
                  - wait: 1m30s
                rollbacks:
                  - heal: all
                slos:
                  - recover vm:101 within 15s
                """);
        assertEquals("Power cut", e.title());
        assertEquals(Optional.of("cut it"), e.description());
        assertEquals(new Target.NewLab(3, List.of(ResourceId.parse("vm:101"))), e.target());
        assertEquals("steady", e.steadyStateHypothesis().title());
        assertEquals(List.of(new Action.Wait(Optional.empty(), Duration.ofSeconds(90))), e.method());
        assertEquals(List.of(new Action.Heal(Optional.empty(), Optional.empty())), e.rollbacks());
        assertEquals(List.of(new Slo(Slo.Verb.RECOVER, ResourceId.parse("vm:101"), Duration.ofSeconds(15))), e.slos());
        assertEquals(Optional.of(CronSchedule.parse("*/15 2-4 * * mon-fri")), e.schedule());
        assertEquals(Optional.empty(), e.random());
    }

    @Test
    void existingLabTarget() {
        Experiment e = valid(HEAD.replace("nodes: 5", "lab: /srv/lab") + "method:\n  - kill: node\n    target: {node: anything-goes}\n");
        assertEquals(new Target.ExistingLab("/srv/lab", List.of(ResourceId.parse("vm:101"), ResourceId.parse("ct:200"))), e.target());
        // node names are not checked against a running lab's size; they come from the lab
        assertEquals(Optional.of(new Selector.Node("anything-goes")), ((Action.Process) e.method().get(0)).target());
    }

    @Test
    void probesOfEveryKind() {
        Experiment e = valid("""
                title: t
                target: {nodes: 3, guests: [vm:101]}
                steady-state-hypothesis:
                  title: steady
                  probes:
                    - name: quorate
                      node-api: /api2/json/cluster/status
                      field: data[0].quorate
                      expect: 1
                    - node-api: /api2/json/cluster/ha/status/current
                      target: {node: n2}
                      field: data[sid=vm:101].state
                      expect: started
                    - node-api: /api2/json/cluster/status
                      field: data[0].ok
                      expect: true
                    - promql: min(quorate_quorate)
                      tolerance: "== 1"
                    - promql: quorate_members
                      tolerance: ">= 2"
                    - promql: x
                      tolerance: 3
                    - promql: x
                      tolerance: [0, 2.5]
                    - promql: x
                      tolerance: "[1, 3]"
                    - promql: 'sum by (sid) (quorate_ha_resource_state{state="started",sid=~"vm:.*"})'
                      tolerance: "!= 0"
                    - invariant: fence_before_recover
                method:
                  - wait: 1s
                """);
        List<Probe> probes = e.steadyStateHypothesis().probes();
        assertEquals(new Probe.NodeApi("quorate", Optional.empty(), "/api2/json/cluster/status", FieldPath.parse("data[0].quorate"), 1L),
                probes.get(0));
        Probe.NodeApi second = (Probe.NodeApi) probes.get(1);
        assertEquals(Optional.of(new Selector.Node("n2")), second.target());
        assertEquals(List.of(new FieldPath.Field("data"), new FieldPath.Match("sid", "vm:101"), new FieldPath.Field("state")),
                second.field().steps());
        assertEquals("started", second.expected());
        assertEquals("GET /api2/json/cluster/ha/status/current data[sid=vm:101].state = started", second.name());
        assertEquals(Boolean.TRUE, ((Probe.NodeApi) probes.get(2)).expected());
        assertEquals(new Tolerance.Comparison(Tolerance.Op.EQ, 1), ((Probe.PromQl) probes.get(3)).tolerance());
        assertEquals(new Tolerance.Comparison(Tolerance.Op.GE, 2), ((Probe.PromQl) probes.get(4)).tolerance());
        assertEquals(new Tolerance.Comparison(Tolerance.Op.EQ, 3), ((Probe.PromQl) probes.get(5)).tolerance());
        assertEquals(new Tolerance.Range(0, 2.5), ((Probe.PromQl) probes.get(6)).tolerance());
        assertEquals(new Tolerance.Range(1, 3), ((Probe.PromQl) probes.get(7)).tolerance());
        assertEquals(new Tolerance.Comparison(Tolerance.Op.NE, 0), ((Probe.PromQl) probes.get(8)).tolerance());
        assertEquals(new Probe.InvariantCheck("fence_before_recover", Invariant.FENCE_BEFORE_RECOVER), probes.get(9));
    }

    @Test
    void processActions() {
        List<Action> actions = method("""
                - kill: node
                  target: {node: n1}
                - name: svc
                  stop: services
                  target: {node-running: vm:101}
                - pause: node
                  target: crm-master
                - resume: node
                  target: random
                - kill: guest
                  guest: ct:200
                """);
        assertEquals(new Action.Process(Optional.empty(), Action.Signal.KILL, Action.Scope.NODE, Optional.of(new Selector.Node("n1")),
                Optional.empty()), actions.get(0));
        assertEquals(new Action.Process(Optional.of("svc"), Action.Signal.STOP, Action.Scope.SERVICES,
                Optional.of(new Selector.NodeRunning(ResourceId.parse("vm:101"))), Optional.empty()), actions.get(1));
        assertEquals(Optional.of(new Selector.CrmMaster()), ((Action.Process) actions.get(2)).target());
        assertEquals(Action.Signal.PAUSE, ((Action.Process) actions.get(2)).signal());
        assertEquals("SIGSTOP", Action.Signal.PAUSE.signalName());
        assertEquals(Optional.of(new Selector.Random()), ((Action.Process) actions.get(3)).target());
        assertEquals(new Action.Process(Optional.empty(), Action.Signal.KILL, Action.Scope.GUEST, Optional.empty(),
                Optional.of(ResourceId.parse("ct:200"))), actions.get(4));
    }

    @Test
    void partitions() {
        List<Action> actions = method("""
                - partition: isolate
                  target: {node: n3}
                  direction: one-way
                - partition: random-halves
                - partition: majority-minority
                  minority: [n1, n2]
                - partition: majority-minority
                  target: {node-running: vm:101}
                - partition: majority-minority
                - partition: bridge
                  target: random
                - partition: ring
                """);
        assertEquals(new Action.Partition(Optional.empty(), Action.PartitionMode.ISOLATE, Optional.of(new Selector.Node("n3")), List.of(),
                Action.Direction.ONE_WAY), actions.get(0));
        assertEquals(new Action.Partition(Optional.empty(), Action.PartitionMode.RANDOM_HALVES, Optional.empty(), List.of(),
                Action.Direction.BOTH), actions.get(1));
        assertEquals(List.of("n1", "n2"), ((Action.Partition) actions.get(2)).minority());
        assertEquals(Optional.of(new Selector.NodeRunning(ResourceId.parse("vm:101"))), ((Action.Partition) actions.get(3)).target());
        assertEquals(Action.PartitionMode.MAJORITY_MINORITY, ((Action.Partition) actions.get(4)).mode());
        assertEquals(Action.PartitionMode.BRIDGE, ((Action.Partition) actions.get(5)).mode());
        assertEquals(Action.PartitionMode.RING, ((Action.Partition) actions.get(6)).mode());
    }

    @Test
    void networkPowerClockWaitAndHeal() {
        List<Action> actions = method("""
                - name: lossy
                  loss: 30%
                  target: {node: n1}
                - loss: 2.5
                - bandwidth: 256kbit
                  target: random
                - bandwidth: 1mbps
                - latency: 200ms
                  jitter: 50ms
                  target: {node: n2}
                - latency: 1s
                - name: cut
                  power: off
                  target: {node-running: vm:101}
                - power: cycle
                  target: crm-master
                - power: reset
                  target: {node: n1}
                - power: on
                  target: {node: n1}
                - clock-offset: -2s
                  target: {node: n4}
                - clock-offset: +500ms
                  target: random
                - wait: 500ms
                - heal: cut
                - heal: lossy
                """);
        assertEquals(new Action.Loss(Optional.of("lossy"), 30, Optional.of(new Selector.Node("n1"))), actions.get(0));
        assertEquals(new Action.Loss(Optional.empty(), 2.5, Optional.empty()), actions.get(1));
        assertEquals(new Action.Bandwidth(Optional.empty(), 256_000, "256kbit", Optional.of(new Selector.Random())), actions.get(2));
        assertEquals(8_000_000, ((Action.Bandwidth) actions.get(3)).bitsPerSecond());
        assertEquals(new Action.Latency(Optional.empty(), Duration.ofMillis(200), Duration.ofMillis(50), Optional.of(new Selector.Node("n2"))),
                actions.get(4));
        assertEquals(Duration.ZERO, ((Action.Latency) actions.get(5)).jitter());
        assertEquals(new Action.Power(Optional.of("cut"), Action.PowerOp.OFF, new Selector.NodeRunning(ResourceId.parse("vm:101"))),
                actions.get(6));
        assertEquals(Action.PowerOp.CYCLE, ((Action.Power) actions.get(7)).op());
        assertEquals(Action.PowerOp.RESET, ((Action.Power) actions.get(8)).op());
        assertEquals(Action.PowerOp.ON, ((Action.Power) actions.get(9)).op());
        assertEquals(new Action.ClockOffset(Optional.empty(), Duration.ofSeconds(-2), new Selector.Node("n4")), actions.get(10));
        assertEquals(Duration.ofMillis(500), ((Action.ClockOffset) actions.get(11)).offset());
        assertEquals(new Action.Wait(Optional.empty(), Duration.ofMillis(500)), actions.get(12));
        assertEquals(new Action.Heal(Optional.empty(), Optional.of("cut")), actions.get(13));
        assertEquals(new Action.Heal(Optional.empty(), Optional.of("lossy")), actions.get(14));
    }

    @Test
    void rollbacksMayHealNamedFaultsOfTheMethod() {
        Experiment e = valid(HEAD + """
                method:
                  - name: iso
                    partition: isolate
                    target: random
                rollbacks:
                  - heal: iso
                  - power: on
                    target: {node: n1}
                """);
        assertEquals(new Action.Heal(Optional.empty(), Optional.of("iso")), e.rollbacks().get(0));
        assertInstanceOf(Action.Power.class, e.rollbacks().get(1));
    }

    @Test
    void randomNemesis() {
        Experiment e = valid(HEAD + """
                random:
                  seed: 42
                  duration: 5m
                  interval: 15s
                  faults: {partition: 3, kill: 1, clock-offset: 2}
                  workload: [config-writes, ha-migrations]
                """);
        RandomNemesis r = e.random().orElseThrow();
        assertEquals(OptionalLong.of(42), r.seed());
        assertEquals(Duration.ofMinutes(5), r.duration());
        assertEquals(Duration.ofSeconds(15), r.interval());
        assertEquals(List.of(RandomNemesis.FaultKind.PARTITION, RandomNemesis.FaultKind.KILL, RandomNemesis.FaultKind.CLOCK_OFFSET),
                List.copyOf(r.faults().keySet()), "file order kept");
        assertEquals(Map.of(RandomNemesis.FaultKind.PARTITION, 3, RandomNemesis.FaultKind.KILL, 1,
                RandomNemesis.FaultKind.CLOCK_OFFSET, 2), r.faults());
        assertEquals(List.of(RandomNemesis.Workload.CONFIG_WRITES, RandomNemesis.Workload.HA_MIGRATIONS), r.workload());
        assertTrue(e.method().isEmpty(), "random without method is allowed");

        RandomNemesis defaults = valid(HEAD + "random:\n  duration: 1m\n  faults: {kill: 1}\n").random().orElseThrow();
        assertEquals(OptionalLong.empty(), defaults.seed());
        assertEquals(RandomNemesis.DEFAULT_INTERVAL, defaults.interval());
        assertEquals(List.of(), defaults.workload());
    }

    @Test
    void yamlBooleanWordsStayWords() {
        // YAML 1.1 reads off/on/yes/no as booleans; here they are the words the format uses
        Action action = only("- power: off\n  target: random\n");
        assertEquals(Action.PowerOp.OFF, ((Action.Power) action).op());
        assertEquals(Action.PowerOp.ON, ((Action.Power) only("- power: on\n  target: random\n")).op());
    }

    @Test
    void theBriefsExampleMessage() {
        ValidationResult result = ExperimentValidator.validate(HEAD + """
                method:
                  - wait: 1s
                  - wait: 2s
                  - kill: node
                    target: master
                """);
        assertEquals(List.of("method[2].target: unknown selector 'master' (node: NAME, node-running: SID, crm-master, random)"),
                result.errors().stream().map(ValidationError::toString).toList());
    }

    @Test
    void allErrorsAreCollectedNotJustTheFirst() {
        ValidationResult result = ExperimentValidator.validate("""
                titel: x
                target: {nodes: 0}
                steady-state-hypothesis: {title: s, probes: [{invariant: nope}]}
                method:
                  - wait: 5
                  - kill: node
                    target: master
                slos: [recover vm:101 in 5s]
                schedule: "60 * * * *"
                """);
        List<String> fields = result.errors().stream().map(ValidationError::field).toList();
        assertEquals(List.of("titel", "title", "target.nodes", "steady-state-hypothesis.probes[0].invariant", "method[0].wait",
                "method[1].target", "slos[0]", "schedule"), fields);
        InvalidExperimentException thrown = assertThrows(InvalidExperimentException.class, result::experimentOrThrow);
        assertEquals(8, thrown.errors().size());
        assertTrue(thrown.getMessage().contains("method[1].target: unknown selector 'master'"));
    }

    @Test
    void unknownKeySuggestions() {
        assertEquals(Optional.of("steady-state-hypothesis"), Suggestions.nearest("steady_state_hypothesis", ExperimentValidator.KEYS));
        assertEquals(Optional.of("steady-state-hypothesis"), Suggestions.nearest("hypothesis", ExperimentValidator.KEYS));
        assertEquals(Optional.of("rollbacks"), Suggestions.nearest("rollback", ExperimentValidator.KEYS));
        assertEquals(Optional.of("slos"), Suggestions.nearest("SLO", ExperimentValidator.KEYS));
        assertEquals(Optional.of("description"), Suggestions.nearest("desc", ExperimentValidator.KEYS));
        assertEquals(Optional.of("schedule"), Suggestions.nearest("shedule", ExperimentValidator.KEYS));
        assertEquals(Optional.empty(), Suggestions.nearest("xyz", ExperimentValidator.KEYS));
        assertEquals(Optional.empty(), Suggestions.nearest("master", List.of("crm-master", "random"), false));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        ValidationResult result = ExperimentValidator.validate(HEAD + "method:\n  - wiat: 1s\n");
        assertEquals("method[0].wiat: unknown key, did you mean 'wait'?", result.errors().get(0).toString());
    }

    @Test
    void noSecondErrorForAReferenceToABrokenTarget() {
        ValidationResult result = ExperimentValidator.validate("""
                title: t
                target: {nodes: 3, guests: [vm:1]}
                steady-state-hypothesis: {title: s, probes: [{invariant: contiguous_sequences}]}
                method: [{kill: guest, guest: vm:101}]
                slos: [recover vm:101 within 5s]
                """);
        assertEquals(List.of("target.guests[0]"), result.errors().stream().map(ValidationError::field).toList());
    }

    @Test
    void aBrokenNamedFaultDoesNotCascadeIntoItsHeal() {
        ValidationResult result = ExperimentValidator.validate(HEAD + """
                method:
                  - name: cut
                    power: of
                    target: random
                  - heal: cut
                """);
        assertEquals(List.of("method[0].power"), result.errors().stream().map(ValidationError::field).toList());
    }

    @Test
    void aValidFileHasNoErrorsAndARecordEqualToItself() {
        ValidationResult first = ExperimentValidator.validate(HEAD + "method:\n  - wait: 1s\n");
        ValidationResult second = ExperimentValidator.validate(HEAD + "method:\n  - wait: 1s\n");
        assertTrue(first.valid());
        assertFalse(first.experiment().isEmpty());
        assertEquals(first, second);
    }
}
