package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConformanceReportTest {

    @Test
    void printsOneLinePerCaseAndATotal() {
        ConformanceReport report = new ConformanceReport()
                .pass("test-basic1")
                .record("test-basic2", Optional.empty())
                .record("test-x", Optional.of("service vm:103: change 5 expected recovery→started on node2 (t=240), "
                        + "got recovery→started on node1 (t=240)"))
                .error("test-y", "bad\nthing");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""
                PASS test-basic1
                PASS test-basic2
                FAIL test-x: service vm:103: change 5 expected recovery→started on node2 (t=240), got recovery→started on node1 (t=240)
                ERROR test-y: bad thing
                2 passed, 2 failed
                """, bytes.toString(StandardCharsets.UTF_8));
        assertEquals(2, report.passed());
        assertEquals(2, report.failed());
        assertEquals("2 passed, 2 failed", report.summary());

        KnownFailures known = KnownFailures.parse(Path.of("known"), "test-x not yet\ntest-basic2 flaky once\n");
        assertEquals(List.of("test-y"), report.unexpectedFailures(known).stream().map(ConformanceReport.CaseResult::name).toList());
        assertEquals(List.of("test-basic2"), report.unexpectedPasses(known));
    }

    @Test
    void emptyReport() {
        assertEquals("0 passed, 0 failed\n", new ConformanceReport().render());
    }
}
