package io.quorate.cli;

import io.quorate.events.kafka.TopicScan;
import io.quorate.events.replay.HtmlReport;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayJson;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayText;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.TopicReplayReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Override
    public Integer call() {
        ReplayWindow window;
        try {
            window = ReplayWindow.parse(from, to, at);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
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
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? ReplayJson.render(report) + "\n" : ReplayText.render(report));
        if (html != null && !output.json()) {
            out.println("html: " + html);
        }
        out.flush();
        skipped.summary(read.counts().badRecords());
        return report.passed() ? 0 : 1;
    }

    private void writeHtml(ReplayReport report) {
        try {
            Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot write " + html + ": " + e.getMessage());
        }
    }
}
