package io.quorate.chaos.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.Verdict;
import io.quorate.chaos.testing.SampleRuns;
import io.quorate.exporter.ExporterServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosMetricsTest {
    private static final Instant STARTED = Instant.parse("2026-11-25T02:00:00Z");
    private static final Instant ENDED = Instant.parse("2026-11-25T02:01:40Z");

    private final ChaosMetrics metrics = new ChaosMetrics();

    @Test
    void aFaultIsActiveFromItsApplicationToItsHeal() {
        RunListener listener = metrics.listenerFor("power-cut");
        listener.faultApplied(SampleRuns.POWER_OFF, STARTED);
        listener.faultFailed(SampleRuns.ISOLATE, "nft: exit 1");
        assertTrue(metrics.scrape().contains("quorate_chaos_fault_active{experiment=\"power-cut\",fault=\"cut-power\"} 1.0"), metrics.scrape());
        assertTrue(metrics.scrape().contains("quorate_chaos_fault_active{experiment=\"power-cut\",fault=\"partition #2\"} 1.0"),
                "a fault that failed to apply may be in force in part");

        listener.faultHealed(SampleRuns.POWER_OFF, ENDED);

        assertTrue(metrics.scrape().contains("quorate_chaos_fault_active{experiment=\"power-cut\",fault=\"cut-power\"} 0.0"), metrics.scrape());
    }

    @Test
    void aFinishedRunCountsByVerdictAndSetsRecoveryAndLastRun() {
        RunListener listener = metrics.listenerFor("power-cut");
        listener.runFinished(SampleRuns.report("r1", Verdict.failed, STARTED, ENDED, 12_500));
        String text = metrics.scrape();
        assertTrue(text.contains("quorate_chaos_runs_total{experiment=\"power-cut\",verdict=\"failed\"} 1.0"), text);
        assertTrue(text.contains("quorate_chaos_runs_total{experiment=\"power-cut\",verdict=\"passed\"} 0.0"), "every verdict from 0: " + text);
        assertTrue(text.contains("quorate_chaos_recovery_seconds{experiment=\"power-cut\",sid=\"vm:101\"} 12.5"), text);
        assertEquals(ENDED.getEpochSecond(), value(text, "quorate_chaos_last_run_timestamp_seconds{experiment=\"power-cut\"}"), text);

        metrics.listenerFor("power-cut").runFinished(SampleRuns.report("r2", Verdict.failed, STARTED, ENDED, -1));
        text = metrics.scrape();
        assertTrue(text.contains("quorate_chaos_runs_total{experiment=\"power-cut\",verdict=\"failed\"} 2.0"), text);
        assertTrue(text.contains("quorate_chaos_recovery_seconds{experiment=\"power-cut\",sid=\"vm:101\"} +Inf"), "never came back: " + text);
    }

    @Test
    void aMetricsFileRewrittenRunAfterRunKeepsCounting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quorate-chaos.prom");
        metrics.listenerFor("power-cut").runFinished(SampleRuns.report("r1", Verdict.passed, STARTED, ENDED, 9_000));
        metrics.listenerFor("isolate-node").runFinished(SampleRuns.report("r2", Verdict.aborted, STARTED, ENDED, 0));
        metrics.writeTo(file);

        ChaosMetrics next = new ChaosMetrics();
        next.restoreFrom(file);
        next.listenerFor("power-cut").runFinished(SampleRuns.report("r3", Verdict.passed, STARTED, ENDED.plusSeconds(3600), 4_000));
        next.writeTo(file);

        String text = Files.readString(file);
        assertTrue(text.contains("quorate_chaos_runs_total{experiment=\"power-cut\",verdict=\"passed\"} 2.0"), text);
        assertTrue(text.contains("quorate_chaos_runs_total{experiment=\"isolate-node\",verdict=\"aborted\"} 1.0"), text);
        assertTrue(text.contains("quorate_chaos_recovery_seconds{experiment=\"power-cut\",sid=\"vm:101\"} 4.0"), text);
        assertEquals(ENDED.getEpochSecond(), value(text, "quorate_chaos_last_run_timestamp_seconds{experiment=\"isolate-node\"}"), text);
        assertEquals(Set.of("quorate-chaos.prom"), Set.of(dir.toFile().list()), "written through a temporary file, renamed");
    }

    @Test
    void theSchedulersEndpointServesTheRegistry() throws Exception {
        metrics.listenerFor("power-cut").runFinished(SampleRuns.report("r1", Verdict.passed, STARTED, ENDED, 9_000));
        try (ExporterServer server = ExporterServer.start("127.0.0.1", 0, metrics::scrape)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("quorate_chaos_runs_total{experiment=\"power-cut\",verdict=\"passed\"} 1.0"), response.body());
        }
    }

    /** docs/metrics.md's chaos section names exactly the families and labels served (the dashboards and alert query them). */
    @Test
    void theDocsNameEveryFamilyAndLabelServed() throws Exception {
        RunListener listener = metrics.listenerFor("power-cut");
        listener.faultApplied(SampleRuns.POWER_OFF, STARTED);
        listener.runFinished(SampleRuns.report("r1", Verdict.passed, STARTED, ENDED, 9_000));
        Set<String> served = new TreeSet<>();
        Matcher sample = Pattern.compile("^(quorate_chaos_\\w+)\\{([^}]*)}", Pattern.MULTILINE).matcher(metrics.scrape());
        while (sample.find()) {
            served.add(sample.group(1) + " " + sample.group(2).replaceAll("=\"[^\"]*\"", ""));
        }
        String docs = Files.readString(Path.of("..", "docs", "metrics.md"));
        String section = docs.substring(docs.indexOf("## Chaos"), docs.indexOf("## Replay into Prometheus"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("^\\| `(quorate_chaos_\\w+)` \\| \\w+ \\| ([^|]*) \\|", Pattern.MULTILINE).matcher(section);
        while (row.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = Pattern.compile("`(\\w+)`(?! =)|`(\\w+)` =").matcher(row.group(2));
            while (label.find()) {
                labels.add(label.group(1) != null ? label.group(1) : label.group(2));
            }
            labels.removeIf(l -> l.equals("passed") || l.equals("failed") || l.equals("aborted"));
            documented.add(row.group(1) + " " + String.join(",", labels));
        }
        Set<String> servedSorted = new TreeSet<>();
        served.forEach(s -> {
            String[] parts = s.split(" ", 2);
            servedSorted.add(parts[0] + " " + String.join(",", new TreeSet<>(java.util.List.of(parts[1].split(",")))));
        });
        assertEquals(documented, servedSorted);
    }

    private static double value(String text, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }
}
