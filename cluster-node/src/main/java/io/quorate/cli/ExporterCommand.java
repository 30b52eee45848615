package io.quorate.cli;

import io.quorate.events.kafka.KafkaSettings;
import io.quorate.exporter.ExporterServer;
import io.quorate.exporter.StreamExporter;
import io.quorate.exporter.TopicFollower;
import io.quorate.runtime.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = {"The cluster exporter: reads the event topic and serves on /metrics what no single node can say",
                "honestly (failover durations across nodes, per-node staleness, invariant violations in the stream).",
                "It only reads Kafka, so it keeps working while nodes are partitioned. Runs until SIGTERM."})
final class ExporterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9471", paramLabel = "HOST:PORT",
            description = "Where /metrics is served (default ${DEFAULT-VALUE}; port 0: any free port).")
    String listen;

    @Override
    public Integer call() throws Exception {
        LoggingSetup.forDaemon();
        KafkaSettings settings = kafka.required();
        HostPort address;
        try {
            address = HostPort.parseListen(listen);
        } catch (IllegalArgumentException e) {
            throw new CliException("--listen: " + e.getMessage(), 2);
        }
        StreamExporter exporter = new StreamExporter();
        ExporterServer server;
        try {
            server = ExporterServer.start(address.host(), address.port(), exporter);
        } catch (IOException e) {
            throw new CliException("--listen " + listen + ": " + e.getMessage());
        }
        TopicFollower follower = new TopicFollower(settings, kafka.topic(), exporter).start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("exporter: http://" + new HostPort(address.host(), server.port()) + "/metrics (topic " + kafka.topic() + ")");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                follower.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
            stopped.countDown();
        }, "exporter-stop"));
        stopped.await();
        return 0;
    }
}
