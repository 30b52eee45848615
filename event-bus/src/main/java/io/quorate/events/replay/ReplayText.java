package io.quorate.events.replay;

import io.quorate.events.check.Violation;

/** The text form of a replay: summary, timeline (one line per entry), state at --at, invariant verdicts. */
public final class ReplayText {
    private ReplayText() {
    }

    public static String render(ReplayReport report) {
        StringBuilder text = new StringBuilder();
        ReadCounts read = report.read();
        text.append("replay ").append(Rfc3339.format(report.window().from())).append(" .. ")
                .append(Rfc3339.format(report.window().to())).append(": ").append(report.folded()).append(" events folded; read ")
                .append(read.records()).append(" records: ").append(read.events()).append(" events, ").append(read.badRecords())
                .append(" foreign/malformed skipped, ").append(read.duplicates()).append(" duplicates dropped\n");
        text.append("timeline (").append(report.timeline().size()).append(" entries):\n");
        report.timeline().forEach(entry -> text.append(entry.line()).append('\n'));
        if (report.stateAt() != null) {
            text.append("state at ").append(Rfc3339.format(report.window().at())).append(":\n")
                    .append(StateText.render(report.stateAt()));
        }
        text.append("invariants:\n");
        for (String invariant : report.invariants()) {
            long failures = report.violations().stream().filter(v -> v.invariant().equals(invariant)).count();
            text.append("  ").append(invariant).append(": ").append(failures == 0 ? "ok" : "FAILED (" + failures + ")").append('\n');
            for (Violation violation : report.violations()) {
                if (violation.invariant().equals(invariant)) {
                    text.append("    ").append(violation.message()).append(" (events ")
                            .append(String.join(", ", violation.events())).append(")\n");
                }
            }
        }
        text.append(report.passed() ? "PASSED" : "FAILED: " + report.violations().size() + " violation(s)").append('\n');
        return text.toString();
    }
}
