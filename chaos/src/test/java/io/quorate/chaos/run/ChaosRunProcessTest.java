package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.ExperimentValidator;
import io.quorate.chaos.lab.LabRequirement;
import io.quorate.chaos.lab.LeftBehind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos acceptance, on real labs (network namespaces, ipmi_sim BMCs on a management network, a
 * KRaft broker, Prometheus): the shipped power-cut experiment passes its SLO; an isolation run with the
 * test-only switch that lets the CRM recover without fencing fails the split-brain check with evidence,
 * which proves the check can fail. Each run builds its own lab and must leave nothing behind.
 */
class ChaosRunProcessTest {
    @TempDir
    Path base;

    private static Path shipped(String name) {
        return Path.of(System.getProperty("quorate.chaos.experiments", "experiments")).resolve(name);
    }

    private static Path testExperiment(String name) {
        return Path.of(System.getProperty("quorate.chaos.test-experiments", "src/test/resources/experiments")).resolve(name);
    }

    private RunReport run(Path file, ExperimentRunner.Options options, StringWriter log) throws Exception {
        Experiment experiment = ExperimentValidator.load(file);
        RunReport report = new ExperimentRunner(experiment, file, options, new PrintWriter(log, true)).run();
        System.out.println(log);
        return report;
    }

    @Test
    void aPowerCutOfTheGuestsNodeRecoversWithinItsSlo() throws Exception {
        LabRequirement.require();
        Path out = base.resolve("power-cut");
        StringWriter log = new StringWriter();
        RunReport report = run(shipped("power-cut.yaml"), ExperimentRunner.Options.defaults(out), log);

        assertEquals(Verdict.passed, report.verdict(), report.reason() + "\n" + log);
        assertEquals(1, report.slos().size());
        SloResult slo = report.slos().get(0);
        assertTrue(slo.met() && slo.recoveryMs() > 0 && slo.recoveryMs() <= 15_000, slo.toString());
        assertTrue(report.checks().stream().allMatch(CheckResult::passed), report.checks().toString());
        FaultOutcome cut = report.faults().get(0);
        assertEquals("power", cut.fault().kind());
        assertTrue(cut.applied() != null && cut.healed() != null && cut.error() == null, cut.toString());
        assertTrue(report.proberRounds() > 100, "the prober ran throughout: " + report.proberRounds());
        assertTrue(report.eventsFolded() > 100, "the checks read the run's events from Kafka: " + report.eventsFolded());
        printRecovery("power cut", slo);

        RunReport fromFile = RunReports.read(out.resolve(RunReports.JSON));
        assertEquals(report, fromFile);
        String html = Files.readString(out.resolve(RunReports.HTML));
        assertTrue(html.contains("class=\"band\"") && html.contains("power off"), "the fault window is shaded in the timeline");
        assertNothingLeftBehind(out, log);
    }

    @Test
    void withoutFencingAnIsolationMakesTheSplitBrainCheckFailWithEvidence() throws Exception {
        LabRequirement.require();
        Path out = base.resolve("unsafe");
        StringWriter log = new StringWriter();
        ExperimentRunner.Options options = ExperimentRunner.Options.defaults(out).withUnsafeRecoverWithoutFencing()
                .withTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(60));
        RunReport report = run(testExperiment("isolate-short.yaml"), options, log);

        assertEquals(Verdict.failed, report.verdict(), report.reason() + "\n" + log);
        CheckResult prober = check(report, "no_resource_on_two_nodes (outside prober)");
        assertFalse(prober.passed(), "two copies of vm:101 answered: " + prober);
        assertFalse(prober.evidence().isEmpty(), "the failure names the rounds and nodes");
        assertTrue(prober.evidence().get(0).contains("vm:101"), prober.evidence().get(0));
        String html = Files.readString(out.resolve(RunReports.HTML));
        assertTrue(html.contains("FAILED") && html.contains("no_resource_on_two_nodes (outside prober)"), "the HTML report shows it");
        assertNothingLeftBehind(out, log);
    }

    @Test
    void aSeededRandomNemesisWithWritesLeavesEverySafetyCheckGreen() throws Exception {
        LabRequirement.require();
        Path out = base.resolve("nemesis");
        StringWriter log = new StringWriter();
        RunReport report = run(testExperiment("nemesis-short.yaml"), ExperimentRunner.Options.defaults(out).withSeed(11), log);

        assertEquals(Verdict.passed, report.verdict(), report.reason() + "\n" + log);
        assertEquals(11, report.seed());
        List<String> drawn = report.faults().stream().map(f -> f.fault().name()).toList();
        assertEquals(List.of("nemesis-1", "nemesis-2", "nemesis-3", "nemesis-4"), drawn, "one fault every 10 s for 40 s");
        assertTrue(report.faults().stream().allMatch(f -> f.healed() != null && f.error() == null), report.faults().toString());
        assertTrue(report.checks().stream().allMatch(CheckResult::passed), report.checks().toString());
        assertTrue(report.workload().stream().anyMatch(line -> line.startsWith("config writes: ")), report.workload().toString());
        assertNothingLeftBehind(out, log);
    }

    @Test
    void aLoopbackLabAppliesTheNodesOwnFaultsAndNamesThoseItCannot() throws Exception {
        LabRequirement.requireBmcs();
        Path out = base.resolve("loopback");
        StringWriter log = new StringWriter();
        RunReport report = run(testExperiment("loopback-faults.yaml"),
                ExperimentRunner.Options.defaults(out).withNetwork(io.quorate.chaos.lab.LabOptions.Network.loopback), log);

        assertEquals(Verdict.aborted, report.verdict(), report.reason() + "\n" + log);
        assertTrue(report.reason().contains("partition") && report.reason().contains("needs network namespaces"), report.reason());
        assertEquals(List.of("partition: partition needs network namespaces (root, iproute2, nftables); this lab runs on loopback"),
                report.notApplied());
        FaultOutcome latency = report.faults().get(0);
        assertEquals("latency", latency.fault().kind());
        assertTrue(latency.applied() != null && latency.healed() != null && latency.error() == null, latency.toString());
        assertFalse(Files.exists(out.resolve("lab")), "the run removes the lab it built");
        assertEquals(List.of(), LeftBehind.of("no-namespaces", out.resolve("lab")));
    }

    private static CheckResult check(RunReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.checks()));
    }

    private static void assertNothingLeftBehind(Path out, StringWriter log) throws Exception {
        Path lab = out.resolve("lab");
        assertFalse(Files.exists(lab), "the run removes the lab it built");
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("in namespaces (qr[0-9a-f]+)-h1").matcher(log.toString());
        assertTrue(prefix.find(), "the run names its lab's namespaces");
        assertEquals(List.of(), LeftBehind.of(prefix.group(1), lab));
    }

    private static void printRecovery(String fault, SloResult slo) {
        System.out.printf("recovery after %s: %s in %d ms on %s%n", fault, slo.sid(), slo.recoveryMs(), slo.node());
    }
}
