package io.quorate.cli;

import io.quorate.events.kafka.TopicScan;
import io.quorate.events.replay.HtmlReport;
import io.quorate.events.replay.OpenMetricsExport;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayJson;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayText;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.TopicReplayReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay the event stream over a time window: each node's fold starts at its last snapshot before",
                "--from; nodes are merged in causal order (hybrid logical clock). Prints the timeline of the window,",
                "the cluster state at --at, and the invariant checks (no resource on two nodes, no write without a",
                "majority, fence before recover, per-node sequences without gaps). Exit code 1 when one fails,",
                "2 for bad arguments. Times are RFC 3339."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start of the window (RFC 3339).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the window (RFC 3339).")
    String to;

    @Option(names = "--at", paramLabel = "TIME", description = "Also print the reconstructed cluster state at this instant.")
    String at;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained page with one swimlane per node.")
    Path html;

    @Option(names = "--to-openmetrics", paramLabel = "FILE",
            description = {"Also write the window's cluster metrics (the series of docs/metrics.md, per node, with timestamps)",
                    "as OpenMetrics, for: promtool tsdb create-blocks-from openmetrics FILE DIR."})
    Path openMetrics;

    @Option(names = "--openmetrics-step", paramLabel = "DURATION", defaultValue = "15s", converter = DurationMillisConverter.class,
            description = "Interval between the samples of --to-openmetrics, like 15s or 1m (default: ${DEFAULT-VALUE}; at least 1s).")
    long openMetricsStepMs;

    @Override
    public Integer call() {
        ReplayWindow window;
        try {
            window = ReplayWindow.parse(from, to, at);
            if (openMetrics != null) {
                OpenMetricsExport.check(window, Duration.ofMillis(openMetricsStepMs));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        if (openMetrics != null) {
            checkWritable(openMetrics);
        }
        SkippedRecords skipped = new SkippedRecords(spec.commandLine().getErr());
        TopicReplayReader.Result read;
        try {
            read = TopicReplayReader.read(kafka.required(), kafka.topic(), window, skipped::report);
        } catch (TopicScan.TopicScanException e) {
            throw new CliException(e.getMessage());
        }
        ReplayReport report = Replay.run(read.events(), window, read.counts());
        if (html != null) {
            writeHtml(report);
        }
        OpenMetricsExport.Summary exported = openMetrics == null ? null : writeOpenMetrics(read, window);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? ReplayJson.render(report) + "\n" : ReplayText.render(report));
        if (html != null && !output.json()) {
            out.println("html: " + html);
        }
        if (exported != null && !output.json()) {
            String step = openMetricsStepMs % 1000 == 0 ? openMetricsStepMs / 1000 + "s" : openMetricsStepMs + "ms";
            out.println("openmetrics: " + openMetrics + " (" + exported.series() + " series, " + exported.samples() + " samples at "
                    + exported.instants() + " instants, every " + step + ")");
        }
        out.flush();
        skipped.summary(read.counts().badRecords());
        return report.passed() ? 0 : 1;
    }

    private OpenMetricsExport.Summary writeOpenMetrics(TopicReplayReader.Result read, ReplayWindow window) {
        try {
            return OpenMetricsExport.write(read.events(), window, Duration.ofMillis(openMetricsStepMs), openMetrics);
        } catch (IOException e) {
            throw new CliException("cannot write " + openMetrics + ": " + reason(e));
        }
    }

    /** Fails before reading the topic (which may take minutes) when the file plainly cannot be written. */
    private static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        String problem = null;
        if (Files.isDirectory(file)) {
            problem = "is a directory";
        } else if (parent != null && !Files.isDirectory(parent)) {
            problem = "no such directory";
        } else if (Files.exists(file) ? !Files.isWritable(file) : parent != null && !Files.isWritable(parent)) {
            problem = "permission denied";
        }
        if (problem != null) {
            throw new CliException("cannot write " + file + ": " + problem);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        return e.getMessage();
    }

    private void writeHtml(ReplayReport report) {
        try {
            Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot write " + html + ": " + e.getMessage());
        }
    }
}
