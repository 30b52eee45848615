package io.quorate.cli;

import io.quorate.events.kafka.TopicScan;
import io.quorate.events.tail.EventFilter;
import io.quorate.events.tail.EventLines;
import io.quorate.events.tail.EventTail;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true, description = "Read the cluster's event stream on Kafka.",
        subcommands = {EventsCommand.Tail.class})
public final class EventsCommand {

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print the events in the topic, each once, one a line:",
                    "  <time> <node> #<seq> <type> <data as JSON>   (json: each event's full JSON)",
                    "Without --follow, prints what the topic holds now and exits. Records that are not Quorate events",
                    "are skipped and reported on stderr."})
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        OutputOptions output;

        @Option(names = "--follow", description = "Keep printing new events as they arrive (until interrupted).")
        boolean follow;

        @Option(names = "--type", paramLabel = "PREFIX",
                description = "Only types under these dotted prefixes, comma-separated (quorum matches every quorum.*).")
        String type;

        @Option(names = "--node", paramLabel = "NAME", description = "Only this node's events.")
        String node;

        @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this RFC 3339 time (seeks by time).")
        String from;

        @Override
        public Integer call() {
            EventFilter filter = EventFilter.of(type, node, from == null ? null : CliTimes.parse(from, "--from"));
            PrintWriter out = spec.commandLine().getOut();
            SkippedRecords skipped = new SkippedRecords(spec.commandLine().getErr());
            EventTail.Result result;
            try {
                result = EventTail.run(kafka.required(), kafka.topic(), filter, follow, () -> false, event -> {
                    out.println(output.json() ? EventLines.json(event) : EventLines.text(event));
                    if (follow) {
                        out.flush();
                    }
                }, skipped::report);
            } catch (TopicScan.TopicScanException e) {
                throw new CliException(e.getMessage());
            }
            out.flush();
            skipped.summary(result.badRecords());
            return 0;
        }
    }
}
