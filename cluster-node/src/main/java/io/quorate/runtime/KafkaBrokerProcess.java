package io.quorate.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node KRaft Kafka broker as a child process (the demo's, the lab's): the event bus's
 * {@code EmbeddedKafkaBroker} with its data in a directory, ready once it prints
 * {@code kafka: 127.0.0.1:<port>}. A restart in the same directory comes back at the same address.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final String MAIN = "io.quorate.events.kafka.EmbeddedKafkaBroker";
    private static final String READY = "kafka: ";
    /** RECIPES: ~360-400 MB RSS with this heap; the broker idles most of the time. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final String bootstrapServers;

    private KafkaBrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker with its data in {@code dir} (log in {@code dir/broker.log}) and waits until it serves. */
    public static KafkaBrokerProcess start(Path dir, Duration limit) throws IOException, InterruptedException {
        return start(dir, limit, "127.0.0.1");
    }

    /** As {@link #start(Path, Duration)}, serving clients on {@code host} (e.g. a lab's management address). */
    public static KafkaBrokerProcess start(Path dir, Duration limit, String host) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("broker.log");
        List<String> command = new ArrayList<>(List.of(NodeProcess.javaExecutable()));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, dir.toString(), host));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, ready), "kafka-broker-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new KafkaBrokerProcess(process, ready.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String why = e instanceof TimeoutException ? "not ready within " + limit.toSeconds() + " s" : e.getCause().getMessage();
            throw new IOException("Kafka broker in " + dir + ": " + why + "; see " + log);
        }
    }

    /** Completes {@code ready} with the address from the ready line, then keeps draining the output. */
    private static void readOutput(Process process, CompletableFuture<String> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY) && !ready.isDone()) {
                    ready.complete(line.substring(READY.length()).strip());
                }
            }
        } catch (IOException e) {
            // the process went away; the caller learns of it below
        }
        ready.completeExceptionally(new IOException("it stopped before it was ready"));
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM (the broker shuts down cleanly in about 2 s), SIGKILL after 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
