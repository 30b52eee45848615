package io.quorate.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node daemon ({@code quorate node run --dir D}) started as a separate JVM, with the memory
 * flags a node ships with, its output in {@code D/node.log}. Used by the demo, the bench and the
 * tests; {@code commandPrefix} lets a test start it inside a network namespace.
 */
public final class NodeProcess implements AutoCloseable {
    /**
     * Measured here: without these the heap keeps growing (98 → 148 MiB in 5 min); with them a node
     * stays near 75–90 MiB RSS. SerialGC and C1 only suit a small, mostly idle daemon. The heap
     * may grow to hold the config tree (up to 128 MiB), its latest snapshot and the log since.
     */
    public static final List<String> JVM_FLAGS = List.of(
            "-Xmx384m", "-Xmn16m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-XX:CICompilerCount=1",
            "-Dvertx.disableDnsResolver=true");

    private final Path dir;
    private final Process process;

    private NodeProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static NodeProcess start(Path dir, List<String> commandPrefix) throws IOException {
        return start(dir, commandPrefix, List.of());
    }

    /** {@code nodeOptions} are passed to {@code quorate node run} (e.g. HA timings). */
    public static NodeProcess start(Path dir, List<String> commandPrefix, List<String> nodeOptions) throws IOException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(javaExecutable());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.quorate.cli.Main");
        command.addAll(List.of("node", "run", "--dir", dir.toString()));
        command.addAll(nodeOptions);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new NodeFiles(dir).log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new NodeProcess(dir, process);
    }

    public static NodeProcess start(Path dir) throws IOException {
        return start(dir, List.of());
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no goodbye, as a crash or power cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the node leaves the cluster cleanly. */
    public void stop(Duration patience) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(5));
        }
    }
}
