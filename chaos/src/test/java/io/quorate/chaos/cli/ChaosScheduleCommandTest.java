package io.quorate.chaos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.run.RunReport;
import io.quorate.chaos.run.Verdict;
import io.quorate.chaos.testing.SampleRuns;
import io.quorate.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChaosScheduleCommandTest {
    @TempDir
    Path experiments;
    @TempDir
    Path state;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The schedule command as Main wires it (its error handling), with a fixed clock and a fake runner. */
    private static CommandLine schedule(Instant now, Verdict verdict) {
        ChaosScheduleCommand command = new ChaosScheduleCommand();
        command.clock = Clock.fixed(now, ZoneOffset.UTC);
        command.executor = (experiment, runDir, listeners) -> {
            Files.createDirectories(runDir);
            RunReport report = SampleRuns.report(runDir.getFileName().toString(), verdict, now, now.plusSeconds(30), 5_000);
            listeners.forEach(l -> l.runFinished(report));
            return report;
        };
        CommandLine commandLine = new CommandLine(command);
        CommandLine main = Main.commandLine();
        commandLine.setExecutionExceptionHandler(main.getExecutionExceptionHandler());
        commandLine.setParameterExceptionHandler(main.getParameterExceptionHandler());
        return commandLine;
    }

    @Test
    void onceRunsWhatIsDueLogsJsonLinesAndExitsWithTheWorstVerdict() throws Exception {
        Files.writeString(experiments.resolve("power-cut.yaml"), SampleRuns.yaml("Power cut", "0 2 * * *"));
        Instant twoAm = Instant.parse("2026-11-25T02:00:05Z");

        Run run = run(schedule(twoAm, Verdict.failed), experiments.toString(), "--state", state.toString(), "--once", "--output-format", "json");

        assertEquals(1, run.exit, run.err + run.out);
        assertTrue(run.out.contains("{\"time\":\"2026-11-25T02:00:05Z\",\"kind\":\"start\",\"experiment\":\"power-cut\","
                + "\"message\":\"start power-cut (scheduled 2026-11-25T02:00:00Z) on new labs\"}"), run.out);

        Run history = run(new CommandLine(new ChaosCommand()), "history", "--state", state.toString());
        assertEquals(0, history.exit, history.err);
        assertTrue(history.out.startsWith("2026-11-25T02:00:05Z  power-cut                failed   " + state.resolve("runs/20261125T020005Z-power-cut")),
                history.out);
    }

    @Test
    void badInputIsAOneLineUsageError() {
        Run missing = run(schedule(Instant.EPOCH, Verdict.passed), experiments.resolve("nope").toString(), "--once");
        assertEquals(2, missing.exit);
        assertEquals("quorate: " + experiments.resolve("nope") + ": no such directory\n", missing.err);

        Run badAddress = run(schedule(Instant.EPOCH, Verdict.passed), experiments.toString(), "--metrics", "nohost", "--once");
        assertEquals(2, badAddress.exit);
        assertTrue(badAddress.err.startsWith("quorate: --metrics: "), badAddress.err);
        assertEquals(1, badAddress.err.lines().count(), badAddress.err);
    }
}
