package io.quorate.events.replay;

import io.quorate.events.check.Violation;
import io.quorate.events.fold.Quorate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A replay as one self-contained HTML page (inline CSS and SVG, nothing fetched): one swimlane per
 * node over the window, shaded by the node's own quorum view (green quorate, red not, grey unknown,
 * hatched where the node was silent), with a mark per timeline entry coloured by category; faults are
 * ringed in red, fences drawn as triangles, quorum changes as lines across the lane. The invariant
 * verdicts, the state at {@code --at} and the timeline follow as text.
 */
public final class HtmlReport {
    private static final int WIDTH = 1200;
    private static final int LABEL = 90;
    private static final int LANE = 44;
    private static final int AXIS = 28;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ReplayReport report;
    private final String heading;
    private final String preambleHtml;
    private final List<Band> bands;
    private final long fromMs;
    private final long spanMs;
    private final StringBuilder html = new StringBuilder();

    /** A time window shaded across every lane (a chaos fault in force), with its label as a tooltip. */
    public record Band(Instant from, Instant to, String label) {
    }

    private HtmlReport(ReplayReport report, String heading, String preambleHtml, List<Band> bands) {
        this.report = report;
        this.heading = heading;
        this.preambleHtml = preambleHtml;
        this.bands = List.copyOf(bands);
        this.fromMs = report.window().from().toEpochMilli();
        this.spanMs = Math.max(1, report.window().to().toEpochMilli() - fromMs);
    }

    public static String render(ReplayReport report) {
        return new HtmlReport(report, null, "", List.of()).page();
    }

    /**
     * The replay page under another {@code heading} (e.g. a chaos run's), with {@code preambleHtml}
     * (trusted markup, already escaped) before the swimlanes and {@code bands} shaded across them.
     */
    public static String render(ReplayReport report, String heading, String preambleHtml, List<Band> bands) {
        return new HtmlReport(report, heading, preambleHtml, bands).page();
    }

    private String page() {
        String title = heading != null ? heading
                : "Quorate replay " + Rfc3339.format(report.window().from()) + " .. " + Rfc3339.format(report.window().to());
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}")
                .append("h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
                .append(".pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}")
                .append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}")
                .append("tr.fault td{background:#fdecea}code,td.mono{font-family:ui-monospace,monospace;font-size:12px}")
                .append(".legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;")
                .append("margin-right:4px;vertical-align:middle;border:1px solid #999}\n")
                .append("</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n<p>").append(escape(counts())).append("</p>\n<p class=\"")
                .append(report.passed() ? "pass\">PASSED: every invariant held" : "fail\">FAILED: " + report.violations().size()
                        + " violation(s)").append("</p>\n");
        html.append(preambleHtml);
        lanes();
        legend();
        violations();
        stateAt();
        timeline();
        html.append("</body></html>\n");
        return html.toString();
    }

    private String counts() {
        ReadCounts read = report.read();
        return report.folded() + " events folded; " + read.records() + " records read, " + read.badRecords()
                + " foreign/malformed skipped, " + read.duplicates() + " duplicates dropped";
    }

    private double x(Instant time) {
        double fraction = (time.toEpochMilli() - fromMs) / (double) spanMs;
        return LABEL + Math.max(0, Math.min(1, fraction)) * (WIDTH - LABEL - 10);
    }

    private void lanes() {
        int height = AXIS + report.lanes().size() * LANE + 10;
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"node swimlanes\">\n")
                .append("<defs><pattern id=\"silent\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" stroke-width=\"3\"/></pattern></defs>\n");
        axis(height);
        int y = AXIS;
        for (Lane lane : report.lanes()) {
            html.append("<g class=\"lane\" data-node=\"").append(escape(lane.node())).append("\">")
                    .append("<text x=\"4\" y=\"").append(y + LANE / 2 + 5).append("\" font-weight=\"bold\">")
                    .append(escape(lane.node())).append("</text>\n");
            for (Lane.Segment segment : lane.segments()) {
                double x1 = x(segment.from());
                double w = Math.max(0.5, x(segment.to()) - x1);
                html.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
                        x1, y + 4, w, LANE - 8, fill(segment))).append("<title>").append(escape(describe(segment)))
                        .append("</title></rect>\n");
            }
            for (TimelineEntry entry : lane.marks()) {
                mark(entry, y);
            }
            html.append("</g>\n");
            y += LANE;
        }
        for (Band band : bands) {
            double x1 = x(band.from());
            html.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#ffcc80\" fill-opacity=\"0.45\"><title>%s</title></rect>\n", x1, AXIS - 6,
                    Math.max(1, x(band.to()) - x1), height - AXIS, escape(band.label())));
        }
        if (report.window().at() != null) {
            double at = x(report.window().at());
            html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
                    + "stroke-dasharray=\"4 3\"><title>--at %s</title></line>\n", at, AXIS - 6, at, height - 6,
                    Rfc3339.format(report.window().at())));
        }
        html.append("</svg>\n");
    }

    private void axis(int height) {
        for (int i = 0; i <= 6; i++) {
            Instant tick = Instant.ofEpochMilli(fromMs + spanMs * i / 6);
            double tx = x(tick);
            html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                    tx, AXIS - 8, tx, height - 6, tx, CLOCK.format(tick)));
        }
    }

    private void mark(TimelineEntry entry, int laneTop) {
        double mx = x(entry.time());
        int mid = laneTop + LANE / 2;
        String tip = "<title>" + escape(entry.line()) + "</title>";
        String stroke = entry.fault() ? "#c62828" : "#fff";
        if (entry.category() == Category.FENCE) {
            html.append(String.format(Locale.ROOT, "<polygon class=\"fence\" points=\"%.1f,%d %.1f,%d %.1f,%d\" fill=\"%s\" "
                    + "stroke=\"#000\">%s</polygon>\n", mx, mid - 9, mx - 7, mid + 6, mx + 7, mid + 6,
                    Category.FENCE.colour(), tip));
        } else if (entry.category() == Category.QUORUM) {
            html.append(String.format(Locale.ROOT, "<line class=\"quorum\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"%s\" stroke-width=\"3\">%s</line>\n", mx, laneTop + 2, mx, laneTop + LANE - 2,
                    entry.fault() ? "#c62828" : "#2e7d32", tip));
        } else {
            html.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
                    + "stroke=\"%s\" stroke-width=\"2\">%s</circle>\n", entry.fault() ? "fault" : "mark", mx, mid,
                    entry.fault() ? 6 : 4, entry.category().colour(), stroke, tip));
        }
    }

    private static String fill(Lane.Segment segment) {
        if (segment.silent()) {
            return "url(#silent)";
        }
        if (!segment.up()) {
            return "#cfcfcf";
        }
        return segment.quorate() == Quorate.YES ? "#d7f0d9" : segment.quorate() == Quorate.NO ? "#f7d4d4" : "#eeeeee";
    }

    private static String describe(Lane.Segment segment) {
        String state = segment.silent() ? "silent (no events)" : !segment.up() ? "stopped"
                : segment.quorate() == Quorate.YES ? "quorate" : segment.quorate() == Quorate.NO ? "not quorate" : "quorum unknown";
        return state + ": " + Rfc3339.format(segment.from()) + " .. " + Rfc3339.format(segment.to());
    }

    private void legend() {
        html.append("<p class=\"legend\">");
        swatch("#d7f0d9", "quorate");
        swatch("#f7d4d4", "not quorate");
        swatch("#eeeeee", "quorum unknown");
        swatch("#cfcfcf", "stopped");
        swatch("#f4f4f4", "silent");
        for (Category category : Category.values()) {
            swatch(category.colour(), category.name().toLowerCase(Locale.ROOT));
        }
        html.append("<span>red ring: fault; triangle: fence; bar: quorum change</span></p>\n");
    }

    private void swatch(String colour, String label) {
        html.append("<span><i class=\"sw\" style=\"background:").append(colour).append("\"></i>").append(escape(label))
                .append("</span>");
    }

    private void violations() {
        html.append("<h2>Invariants</h2>\n<table>\n");
        for (String invariant : report.invariants()) {
            boolean ok = report.violations().stream().noneMatch(v -> v.invariant().equals(invariant));
            html.append("<tr><td>").append(escape(invariant)).append("</td><td class=\"").append(ok ? "pass\">ok" : "fail\">FAILED")
                    .append("</td></tr>\n");
            for (Violation violation : report.violations()) {
                if (violation.invariant().equals(invariant)) {
                    html.append("<tr class=\"fault\"><td></td><td>").append(escape(violation.message())).append("<br><code>")
                            .append(escape(String.join(", ", violation.events()))).append("</code></td></tr>\n");
                }
            }
        }
        html.append("</table>\n");
    }

    private void stateAt() {
        if (report.stateAt() != null) {
            html.append("<h2>State at ").append(escape(Rfc3339.format(report.window().at()))).append("</h2>\n<pre>")
                    .append(escape(StateText.render(report.stateAt()))).append("</pre>\n");
        }
    }

    private void timeline() {
        html.append("<h2>Timeline (").append(report.timeline().size()).append(" entries)</h2>\n<table>\n")
                .append("<tr><th>time</th><th>node</th><th>seq</th><th>type</th><th>what</th></tr>\n");
        for (TimelineEntry entry : report.timeline()) {
            html.append(entry.fault() ? "<tr class=\"fault\">" : "<tr>").append("<td class=\"mono\">")
                    .append(Rfc3339.format(entry.time())).append("</td><td>").append(escape(entry.node())).append("</td><td>")
                    .append(entry.seq()).append("</td><td>").append(escape(entry.type())).append("</td><td>")
                    .append(escape(entry.summary())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
