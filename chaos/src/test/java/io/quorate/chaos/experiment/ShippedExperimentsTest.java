package io.quorate.chaos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file in {@code chaos/experiments/} is valid and complete. */
class ShippedExperimentsTest {
    static final Path DIR = Path.of(System.getProperty("quorate.chaos.experiments", "experiments"));

    @Test
    void theShippedExperimentsArePresent() throws IOException {
        List<String> names = files().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("power-cut.yaml", "stop-cluster-services.yaml", "isolate-node.yaml", "split-5-nodes.yaml",
                "kill-crm-master.yaml", "pause-beyond-watchdog.yaml", "kill-node.yaml", "random-nemesis.yaml")), names.toString());
    }

    @TestFactory
    Stream<DynamicTest> everyShippedExperimentIsValidAndComplete() throws IOException {
        return files().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ValidationResult result = ExperimentValidator.validate(file);
            assertTrue(result.valid(), () -> file + ": " + result.errors());
            Experiment e = result.experimentOrThrow();
            assertFalse(e.steadyStateHypothesis().probes().isEmpty(), "probes");
            assertFalse(e.method().isEmpty(), "method");
            assertFalse(e.rollbacks().isEmpty(), "rollbacks");
            assertTrue(e.random().isPresent() || !e.slos().isEmpty(), "slos (a random nemesis is judged by the safety checks alone)");
            assertTrue(e.description().isPresent(), "description");
            assertTrue(e.random().isPresent() || e.method().stream().anyMatch(ActionReader::isFault), "a fault in the method");
            assertTrue(e.steadyStateHypothesis().probes().stream()
                    .anyMatch(p -> p.equals(new Probe.InvariantCheck("no_resource_on_two_nodes", Invariant.NO_RESOURCE_ON_TWO_NODES))),
                    "every shipped experiment checks for split brain");
            for (Slo slo : e.slos()) {
                assertTrue(e.target().guests().contains(slo.resource()));
            }
        }));
    }

    @Test
    void powerCutCutsThePowerOfTheNodeRunningVm101() throws IOException {
        Experiment e = ExperimentValidator.load(DIR.resolve("power-cut.yaml"));
        assertEquals(new Action.Power(Optional.of("cut-power"), Action.PowerOp.OFF,
                new Selector.NodeRunning(ResourceId.parse("vm:101"))), e.method().get(0));
        assertEquals(List.of(Slo.parse("recover vm:101 within 15s")), e.slos());
    }

    @Test
    void stopClusterServicesStopsTheServicesOfVm101sNode() throws IOException {
        Experiment e = ExperimentValidator.load(DIR.resolve("stop-cluster-services.yaml"));
        Action.Process stop = (Action.Process) e.method().get(0);
        assertEquals(Action.Signal.STOP, stop.signal());
        assertEquals(Action.Scope.SERVICES, stop.scope());
        assertEquals(Optional.of(new Selector.NodeRunning(ResourceId.parse("vm:101"))), stop.target());
    }

    @Test
    void splitFiveNodesIsATwoThreeSplit() throws IOException {
        Experiment e = ExperimentValidator.load(DIR.resolve("split-5-nodes.yaml"));
        assertEquals(5, ((Target.NewLab) e.target()).nodes());
        Action.Partition split = (Action.Partition) e.method().get(0);
        assertEquals(Action.PartitionMode.MAJORITY_MINORITY, split.mode());
    }

    @Test
    void theOthersDoWhatTheirNamesSay() throws IOException {
        Action.Partition isolate = (Action.Partition) ExperimentValidator.load(DIR.resolve("isolate-node.yaml")).method().get(0);
        assertEquals(Action.PartitionMode.ISOLATE, isolate.mode());
        Action.Process kill = (Action.Process) ExperimentValidator.load(DIR.resolve("kill-crm-master.yaml")).method().get(0);
        assertEquals(Action.Signal.KILL, kill.signal());
        assertEquals(Optional.of(new Selector.CrmMaster()), kill.target());
        Experiment pause = ExperimentValidator.load(DIR.resolve("pause-beyond-watchdog.yaml"));
        assertEquals(Action.Signal.PAUSE, ((Action.Process) pause.method().get(0)).signal());
        assertTrue(pause.method().stream().anyMatch(a -> a.equals(new Action.Heal(Optional.empty(), Optional.of("pause")))));
    }

    @Test
    void theReadmesFullExampleIsValid() throws IOException {
        Path readme = Path.of(System.getProperty("quorate.chaos.readme", "README.md"));
        String text = Files.readString(readme);
        int start = text.indexOf("```yaml\n") + "```yaml\n".length();
        String example = text.substring(start, text.indexOf("```", start));
        ValidationResult result = ExperimentValidator.validate(example);
        assertTrue(result.valid(), () -> "README example: " + result.errors());
        assertEquals("Power cut of the node running vm:101", result.experimentOrThrow().title());
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(DIR)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }
}
