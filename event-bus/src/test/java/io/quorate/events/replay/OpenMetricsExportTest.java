package io.quorate.events.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quorate.events.Event;
import io.quorate.events.testing.Incident;
import io.quorate.events.testing.SyntheticCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenMetrics export of a replay window: values at chosen instants of the recorded incident
 * (n3 dies at 10:00:40, is fenced 10:00:43–10:00:50, vm:101 recovers to n2 at 10:00:51, n3 is back
 * as incarnation 2 at 10:01:10), the file's structure, and promtool loading it.
 */
class OpenMetricsExportTest {
    private static final Instant FROM = Instant.parse("2026-11-25T10:00:38Z");
    private static final Instant TO = Instant.parse("2026-11-25T10:01:20Z");
    private static final ReplayWindow WINDOW = new ReplayWindow(FROM, TO, null);

    @TempDir
    Path dir;

    private static long at(String hhmmss) {
        return Instant.parse("2026-11-25T" + hhmmss + "Z").toEpochMilli();
    }

    private static String s(String family, String node, String labels) {
        return family + "{cluster=\"lab\",node=\"" + node + "\"" + (labels.isEmpty() ? "" : "," + labels) + "}";
    }

    private static OpenMetricsText incident(Duration step) {
        return OpenMetricsText.parse(OpenMetricsExport.render(Incident.events(), WINDOW, step));
    }

    @Test
    void membershipQuorumAndCountersFollowEachNodesOwnEvents() {
        OpenMetricsText om = incident(Duration.ofSeconds(1));
        assertEquals(1.0, om.at(s("quorate_quorate", "n1", ""), at("10:00:45")));
        assertEquals(3.0, om.at(s("quorate_members", "n1", ""), at("10:00:41")));
        assertEquals(2.0, om.at(s("quorate_members", "n1", ""), at("10:00:42")), "view 1.2 installed at 10:00:42");
        assertEquals(3.0, om.at(s("quorate_members", "n1", ""), at("10:01:10")));
        assertEquals(1.0, om.at(s("quorate_ring_sequence", "n1", ""), at("10:00:41")));
        assertEquals(2.0, om.at(s("quorate_ring_sequence", "n1", ""), at("10:00:42")));
        assertEquals(3.0, om.at(s("quorate_ring_sequence", "n2", ""), at("10:01:20")));
        assertEquals(3.0, om.at(s("quorate_quorum_votes", "n1", "type=\"total_votes\""), at("10:00:41")));
        assertEquals(2.0, om.at(s("quorate_quorum_votes", "n1", "type=\"total_votes\""), at("10:00:42")));
        assertEquals(3.0, om.at(s("quorate_quorum_votes", "n1", "type=\"expected_votes\""), at("10:00:38")));
        assertEquals(2.0, om.at(s("quorate_quorum_votes", "n1", "type=\"quorum\""), at("10:00:38")));
        assertNull(om.at(s("quorate_quorum_votes", "n1", "type=\"highest_expected\""), at("10:00:41")),
                "snapshots do not carry highest_expected: unknown until the node's next quorum event");
        assertEquals(3.0, om.at(s("quorate_quorum_votes", "n1", "type=\"highest_expected\""), at("10:00:42")));
        assertEquals(45.0, om.at(s("quorate_config_version", "n2", ""), at("10:00:45")));

        assertEquals(0.0, om.at(s("quorate_view_changes_total", "n1", ""), at("10:00:38")), "counted from the window's start");
        assertEquals(0.0, om.at(s("quorate_view_changes_total", "n1", ""), at("10:00:41")));
        assertEquals(1.0, om.at(s("quorate_view_changes_total", "n1", ""), at("10:00:42")));
        assertEquals(2.0, om.at(s("quorate_view_changes_total", "n1", ""), at("10:01:20")));
        assertEquals(1.0, om.at(s("quorate_quorum_transitions_total", "n2", "to=\"gained\""), at("10:00:42")));
        assertEquals(2.0, om.at(s("quorate_quorum_transitions_total", "n2", "to=\"gained\""), at("10:01:10")));
        assertEquals(0.0, om.at(s("quorate_quorum_transitions_total", "n2", "to=\"lost\""), at("10:01:20")));
        assertEquals(List.of(s("quorate_quorate", "n1", ""), s("quorate_quorate", "n2", ""), s("quorate_quorate", "n3", "")),
                om.seriesOf("quorate_quorate"));
    }

    @Test
    void haStateLocksAndFencesAtChosenInstants() {
        OpenMetricsText om = incident(Duration.ofSeconds(1));
        assertEquals(1.0, om.at(s("quorate_ha_crm_master", "n1", ""), at("10:00:50")));
        assertEquals(0.0, om.at(s("quorate_ha_crm_master", "n2", ""), at("10:00:50")));
        assertEquals(1.0, om.at(s("quorate_ha_crm_state", "n1", "state=\"master\""), at("10:00:50")));
        assertEquals(0.0, om.at(s("quorate_ha_crm_state", "n1", "state=\"slave\""), at("10:00:50")), "one-hot");
        assertEquals(1.0, om.at(s("quorate_ha_lrm_state", "n2", "state=\"active\""), at("10:00:50")));
        assertEquals(0.0, om.at(s("quorate_ha_lrm_state", "n2", "state=\"maintenance\""), at("10:00:50")));
        assertEquals(1.0, om.at(s("quorate_lock_held", "n2", "lock=\"ha_manager_lock\",holder=\"n1\""), at("10:00:50")));

        String fence = s("quorate_ha_resource_state", "n2", "sid=\"vm:101\",state=\"fence\"");
        assertEquals(0.0, om.at(fence, at("10:00:42")));
        assertEquals(1.0, om.at(fence, at("10:00:43")));
        assertEquals(1.0, om.at(fence, at("10:00:49")));
        assertEquals(0.0, om.at(fence, at("10:00:50")));
        assertEquals(1.0, om.at(s("quorate_ha_resource_state", "n2", "sid=\"vm:101\",state=\"recovery\""), at("10:00:50")));
        assertEquals(1.0, om.at(s("quorate_ha_resource_state", "n1", "sid=\"vm:101\",state=\"started\""), at("10:00:51")));
        assertEquals(0.0, om.at(s("quorate_ha_resource_state", "n1", "sid=\"vm:101\",state=\"error\""), at("10:00:51")),
                "every known state has a series");
        assertEquals(10, om.seriesOf("quorate_ha_resource_state").stream().filter(n -> n.contains("node=\"n1\",sid=\"vm:102\""))
                .count());

        String onN3 = s("quorate_ha_resource_node", "n1", "sid=\"vm:101\",on=\"n3\"");
        assertEquals(1.0, om.at(onN3, at("10:00:50")));
        assertTrue(om.at(onN3, at("10:00:51")).isNaN(), "an ended series gets one NaN, Prometheus' lookback would hold it 5 min");
        assertNull(om.at(onN3, at("10:00:52")));
        assertEquals(1.0, om.at(s("quorate_ha_resource_node", "n1", "sid=\"vm:101\",on=\"n2\""), at("10:00:51")));

        String inProgress = s("quorate_fence_in_progress", "n1", "target=\"n3\"");
        assertNull(om.at(inProgress, at("10:00:42")));
        assertEquals(1.0, om.at(inProgress, at("10:00:43")));
        assertEquals(1.0, om.at(inProgress, at("10:00:50")));
        assertEquals(0.0, om.at(inProgress, at("10:00:51")));
        assertTrue(om.seriesOf("quorate_fence_in_progress").stream().allMatch(n -> n.contains("node=\"n1\"")),
                "only the fencing node shows its fence");
        String fences = s("quorate_fences_total", "n1", "target=\"n3\",result=\"succeeded\"");
        assertEquals(0.0, om.at(fences, at("10:00:38")), "a counter that appears reads 0 at the node's earlier instants");
        assertEquals(0.0, om.at(fences, at("10:00:49")));
        assertEquals(1.0, om.at(fences, at("10:00:50")));
        assertEquals(1.0, om.at(fences, at("10:01:20")));
    }

    @Test
    void aDeadNodeDropsOutWhenFencedAndComesBackAsItsNewProcess() {
        OpenMetricsText om = incident(Duration.ofSeconds(1));
        String quorate = s("quorate_quorate", "n3", "");
        assertEquals(1.0, om.at(quorate, at("10:00:49")), "n3's last view until the stream says otherwise");
        assertTrue(om.at(quorate, at("10:00:50")).isNaN(), "fence acknowledged: powered off");
        assertNull(om.at(quorate, at("10:00:51")));
        assertNull(om.at(quorate, at("10:01:09")));
        assertEquals(1.0, om.at(quorate, at("10:01:10")), "incarnation 2 joined view 1.3");
        assertEquals(3.0, om.at(s("quorate_members", "n3", ""), at("10:01:10")));
        String views = s("quorate_view_changes_total", "n3", "");
        assertEquals(0.0, om.at(views, at("10:00:49")));
        assertNull(om.at(views, at("10:00:50")), "counters end without a NaN");
        assertEquals(1.0, om.at(views, at("10:01:10")));
    }

    @Test
    void theDefaultStepShowsAFenceShorterThanTheStepOnce() {
        OpenMetricsText om = incident(OpenMetricsExport.DEFAULT_STEP);
        String inProgress = s("quorate_fence_in_progress", "n1", "target=\"n3\"");
        assertEquals(List.of(at("10:00:53"), at("10:01:08")), List.copyOf(om.series.get(inProgress).keySet()));
        assertEquals(1.0, om.at(inProgress, at("10:00:53")), "the fence ran 10:00:43-10:00:50, between two instants");
        assertEquals(0.0, om.at(inProgress, at("10:01:08")));
        assertEquals(List.of(at("10:00:38"), at("10:00:53"), at("10:01:08")),
                List.copyOf(om.series.get(s("quorate_quorate", "n1", "")).keySet()));
    }

    @Test
    void theFileIsOneFamilyAtATimeWithTypesAndEndsInEof() {
        String text = OpenMetricsExport.render(Incident.events(), WINDOW, Duration.ofSeconds(5));
        OpenMetricsText om = OpenMetricsText.parse(text);
        assertEquals("counter", om.types.get("quorate_view_changes"));
        assertEquals("counter", om.types.get("quorate_quorum_transitions"));
        assertEquals("gauge", om.types.get("quorate_ha_resource_state"));
        for (String family : List.of("quorate_quorate", "quorate_quorum_votes", "quorate_members", "quorate_config_version",
                "quorate_ha_crm_master", "quorate_ha_crm_state", "quorate_ha_lrm_state", "quorate_ha_resource_state",
                "quorate_ha_resource_node", "quorate_lock_held", "quorate_fence_in_progress", "quorate_view_changes",
                "quorate_quorum_transitions")) {
            assertTrue(om.types.containsKey(family), family);
            assertTrue(text.contains("# HELP " + family + " "), family);
        }
        assertTrue(text.startsWith("# TYPE quorate_quorate gauge\n# HELP quorate_quorate "), text.substring(0, 80));
        assertTrue(text.contains("quorate_quorate{cluster=\"lab\",node=\"n1\"} 1 1795600838\n"), "whole seconds bare");
    }

    @Test
    void aStepTooShortOrGivingTooManyInstantsIsRefusedInOneLine() {
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> OpenMetricsExport.render(List.of(), WINDOW, Duration.ofMillis(500)));
        assertEquals("--openmetrics-step must be at least 1s, got 500ms", tooShort.getMessage());
        ReplayWindow year = new ReplayWindow(FROM, FROM.plus(Duration.ofDays(366)), null);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> OpenMetricsExport.check(year, Duration.ofSeconds(1)));
        assertTrue(tooMany.getMessage().startsWith("--openmetrics-step 1000ms gives 31622401 instants over the window"),
                tooMany.getMessage());
        assertEquals("# EOF\n", OpenMetricsExport.render(List.of(), WINDOW, Duration.ofSeconds(1)), "no events, no series");
    }

    @Test
    void timestampsAndRingSequences() {
        assertEquals("1795600838", OpenMetricsExport.seconds(at("10:00:38")));
        assertEquals("1795600838.005", OpenMetricsExport.seconds(at("10:00:38") + 5));
        assertEquals("1795600838.250", OpenMetricsExport.seconds(at("10:00:38") + 250));
        assertEquals(0x2a, OpenMetricsExport.ringSequence("1.2a"));
        assertEquals(-1, OpenMetricsExport.ringSequence(null));
        assertEquals(-1, OpenMetricsExport.ringSequence("1.zz"));
        assertEquals("NaN", OpenMetricsExport.number(Double.NaN));
        assertEquals("3", OpenMetricsExport.number(3));
    }

    /** A bigger history (relocations, failures, fences, restarts) through promtool into TSDB blocks. */
    @Test
    void promtoolCreatesBlocksFromTheExport() throws Exception {
        requirePromtool();
        List<Event> events = SyntheticCluster.generate(4, 40, 180_000, 7);
        Instant from = SyntheticCluster.START.plusSeconds(120);
        ReplayWindow window = new ReplayWindow(from, from.plus(Duration.ofMinutes(10)), null);
        Path file = dir.resolve("cluster.om");
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(events, window, Duration.ofSeconds(5), file);
        assertEquals(121, summary.instants());
        OpenMetricsText om = OpenMetricsText.parse(Files.readString(file));
        assertEquals(summary.samples(), om.samples);
        assertEquals(summary.series(), om.series.size());
        assertTrue(om.series.keySet().stream().anyMatch(n -> n.startsWith("quorate_ha_relocations_total{")), "relocations");
        assertTrue(om.series.keySet().stream().anyMatch(n -> n.startsWith("quorate_fences_total{")), "fences");

        Path blocks = dir.resolve("blocks");
        String out = run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", file.toString(), blocks.toString()));
        try (Stream<Path> listed = Files.list(blocks)) {
            List<Path> written = listed.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).toList();
            assertTrue(!written.isEmpty(), "no block written: " + out);
            long numSamples = 0;
            for (Path block : written) {
                String meta = Files.readString(block.resolve("meta.json"));
                int at = meta.indexOf("\"numSamples\":");
                numSamples += Long.parseLong(meta.substring(at + 13, meta.indexOf(',', at)).trim());
            }
            assertEquals(summary.samples(), numSamples, "every sample in the blocks: " + out);
        }
    }

    /** The figure for the closing note: an hour of a 3-node cluster with 1,000 HA resources at the default step. */
    @Test
    @EnabledIfSystemProperty(named = "quorate.bench", matches = "true")
    void exportSpeedOverAnHourWithAThousandResources() throws IOException {
        List<Event> events = SyntheticCluster.generate(3, 1000, 450_000, 11);
        Instant from = SyntheticCluster.START.plusSeconds(60);
        ReplayWindow window = new ReplayWindow(from, from.plus(Duration.ofHours(1)), null);
        Path file = dir.resolve("bench.om");
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            OpenMetricsExport.Summary summary = OpenMetricsExport.write(events, window, OpenMetricsExport.DEFAULT_STEP, file);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCH openmetrics: %d events, %s, %.2f s, %.0f samples/s, %d MB%n", events.size(), summary, seconds,
                    summary.samples() / seconds, Files.size(file) >> 20);
        }
    }

    private static void requirePromtool() {
        if (Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, "promtool")))) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("promtool is missing (apt-get install -y prometheus)");
        }
        Assumptions.assumeTrue(false, "skipped on this machine: no promtool (apt-get install -y prometheus)");
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve("promtool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail(String.join(" ", command) + " did not finish within 120 s: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
