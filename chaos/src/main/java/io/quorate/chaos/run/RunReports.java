package io.quorate.chaos.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorate.events.replay.HtmlReport;
import io.quorate.events.replay.ReadCounts;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.Replay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes a run's {@code report.json} (the {@link RunReport} as it is) and {@code report.html}: the
 * verdict and its evidence (faults, SLOs, checks, probes) above the replay's swimlanes, one per node,
 * with each fault's window shaded.
 */
public final class RunReports {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private RunReports() {
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** @param history the run's replayed events; null when the run ended before it was read */
    static void write(Path dir, RunReport report, ReplayReport history) throws IOException {
        Files.write(dir.resolve(JSON), mapper().writeValueAsBytes(report));
        ReplayReport replay = history != null ? history
                : Replay.run(List.of(), new ReplayWindow(Instant.parse(report.started()), Instant.parse(report.ended()), null),
                        new ReadCounts(0, 0, 0, 0));
        Files.writeString(dir.resolve(HTML), HtmlReport.render(replay, "Chaos run: " + report.experiment() + " — " + report.verdict(),
                preamble(report), bands(report)), StandardCharsets.UTF_8);
    }

    public static String toJson(RunReport report) throws IOException {
        return mapper().writeValueAsString(report);
    }

    public static RunReport read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), RunReport.class);
    }

    private static List<HtmlReport.Band> bands(RunReport report) {
        List<HtmlReport.Band> bands = new ArrayList<>();
        for (FaultOutcome outcome : report.faults()) {
            if (outcome.applied() != null) {
                Instant to = outcome.healed() != null ? Instant.parse(outcome.healed()) : Instant.parse(report.ended());
                bands.add(new HtmlReport.Band(Instant.parse(outcome.applied()), to, outcome.fault().summary()));
            }
        }
        return bands;
    }

    private static String preamble(RunReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<p class=\"").append(report.verdict() == Verdict.passed ? "pass" : "fail").append("\">Verdict: ")
                .append(report.verdict().name().toUpperCase(java.util.Locale.ROOT)).append(" — ").append(e(report.reason())).append("</p>\n");
        html.append("<p>").append(e(report.file())).append(", run ").append(e(report.run())).append(", seed ").append(report.seed())
                .append(", ").append(e(report.started())).append(" .. ").append(e(report.ended())).append(", nodes ")
                .append(e(String.join(", ", report.nodes()))).append(", guests ").append(e(String.join(", ", report.guests())))
                .append("; prober rounds ").append(report.proberRounds()).append("</p>\n");
        if (!report.notApplied().isEmpty()) {
            html.append("<p class=\"fail\">Not applied here: ").append(e(String.join("; ", report.notApplied()))).append("</p>\n");
        }
        if (!report.workload().isEmpty()) {
            html.append("<p>Workload: ").append(e(String.join("; ", report.workload()))).append("</p>\n");
        }
        table(html, "Faults (shaded below)", List.of("fault", "applied", "healed", "error"), report.faults(),
                f -> List.of(f.fault().label() + ": " + f.fault().summary(), text(f.applied()), text(f.healed()), text(f.error())));
        table(html, "SLOs", List.of("objective", "met", "recovery", "detail"), report.slos(),
                s -> List.of(s.slo(), s.met() ? "yes" : "NO", s.recoveryMs() < 0 ? "never" : s.recoveryMs() + " ms", s.detail()));
        table(html, "Checks", List.of("check", "result", "detail"), report.checks(),
                c -> List.of(c.name(), c.passed() ? "ok" : "FAILED", c.detail() + (c.evidence().isEmpty() || c.passed() ? ""
                        : "\n" + String.join("\n", c.evidence()))));
        table(html, "Steady state before", List.of("probe", "result", "detail"), report.steadyStateBefore(),
                p -> List.of(p.name(), p.passed() ? "ok" : "FAILED", p.detail()));
        table(html, "Steady state after", List.of("probe", "result", "detail"), report.steadyStateAfter(),
                p -> List.of(p.name(), p.passed() ? "ok" : "FAILED", p.detail()));
        html.append("<h2>Event history</h2>\n");
        return html.toString();
    }

    private static <T> void table(StringBuilder html, String title, List<String> headers, List<T> rows, Function<T, List<String>> cells) {
        html.append("<h2>").append(e(title)).append("</h2>\n<table>\n<tr>");
        headers.forEach(h -> html.append("<th>").append(e(h)).append("</th>"));
        html.append("</tr>\n");
        for (T row : rows) {
            List<String> values = cells.apply(row);
            boolean failed = values.contains("FAILED") || values.contains("NO");
            html.append(failed ? "<tr class=\"fault\">" : "<tr>");
            values.forEach(v -> html.append("<td>").append(e(v).replace("\n", "<br>")).append("</td>"));
            html.append("</tr>\n");
        }
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"").append(headers.size()).append("\">none</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }

    private static String e(String text) {
        return HtmlReport.escape(text == null ? "" : text);
    }
}
