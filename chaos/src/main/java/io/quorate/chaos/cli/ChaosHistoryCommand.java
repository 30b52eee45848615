package io.quorate.chaos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorate.chaos.schedule.HistoryEntry;
import io.quorate.chaos.schedule.RunHistory;
import io.quorate.cli.CliException;
import io.quorate.cli.OutputOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quorate chaos history --state DIR}: the scheduler's finished runs. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the runs 'quorate chaos schedule' finished (STATE/history.jsonl), oldest first.",
                "Exit status: 0, or 2 when STATE holds no history."})
public final class ChaosHistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "chaos-schedule",
            description = "The scheduler's state directory (default ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--experiment", paramLabel = "NAME", description = "Only this experiment's runs.")
    String experiment;

    @Mixin
    OutputOptions format;

    @Override
    public Integer call() throws Exception {
        RunHistory history = new RunHistory(state);
        if (!Files.exists(history.index())) {
            throw new CliException(history.index() + ": no such file (no run finished, or not a scheduler's --state)", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<HistoryEntry> entries = history.read(err::println).stream()
                .filter(e -> experiment == null || e.experiment().equals(experiment)).toList();
        if (format.json()) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(entries));
        } else {
            for (HistoryEntry entry : entries) {
                out.printf("%s  %-24s %-8s %s  (%s)%n", entry.started(), entry.experiment(), entry.verdict(), entry.runDir(), entry.reason());
            }
        }
        out.flush();
        err.flush();
        return 0;
    }
}
