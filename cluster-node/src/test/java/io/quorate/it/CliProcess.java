package io.quorate.it;

import io.quorate.runtime.NodeProcess;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the quorate CLI as its own JVM, as {@code bin/quorate} does (same main class, the flags it
 * gives short commands, this JVM's class path): unlike {@link Cli} it can feed the command stdin
 * ({@code fs write}) and run it inside a network namespace ({@code prefix}, e.g.
 * {@code NetnsLab.commandPrefix}). stdin, stdout and stderr go through files, so no pipe can fill up.
 */
final class CliProcess {
    /** What bin/quorate gives every command but {@code node run}. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private CliProcess() {
    }

    static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(NodeProcess.javaExecutable());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.quorate.cli.Main");
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command to its end (at most {@code limit}; then it is killed and the test fails). */
    static Cli.Result run(List<String> prefix, byte[] stdin, Duration limit, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile("quorate-cli-in", ".bin");
        Path out = Files.createTempFile("quorate-cli-out", ".txt");
        Path err = Files.createTempFile("quorate-cli-err", ".txt");
        Process process = null;
        try {
            Files.write(in, stdin == null ? new byte[0] : stdin);
            process = new ProcessBuilder(command(prefix, args))
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("quorate " + String.join(" ", args) + " still running after " + limit.toSeconds()
                        + " s; stderr: " + Files.readString(err));
            }
            return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Cli.Result run(List<String> prefix, byte[] stdin, String... args) throws IOException, InterruptedException {
        return run(prefix, stdin, LIMIT, args);
    }

    /** {@code echo -n content | quorate fs write PATH --dir DIR --output-format json [extra...]}. */
    static Cli.Result write(List<String> prefix, Path dir, String path, String content, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("fs", "write", path, "--dir", dir.toString(), "--output-format", "json"));
        args.addAll(List.of(extra));
        return run(prefix, content.getBytes(StandardCharsets.UTF_8), args.toArray(String[]::new));
    }

    /** As {@link #write}, and fails the test unless it succeeded; returns the version it was written at. */
    static long writeOk(List<String> prefix, Path dir, String path, String content, String... extra)
            throws IOException, InterruptedException {
        Cli.Result result = write(prefix, dir, path, content, extra);
        if (result.exitCode() != 0) {
            throw new AssertionError("fs write " + path + " on " + dir.getFileName() + " failed (exit " + result.exitCode() + "): "
                    + result.err());
        }
        return new JsonObject(result.out()).getLong("version");
    }

    /** Starts a long-running command (e.g. {@code fs watch}); its stdout is collected in a file. */
    static Running start(List<String> prefix, String... args) throws IOException {
        Path out = Files.createTempFile("quorate-watch-out", ".txt");
        Path err = Files.createTempFile("quorate-watch-err", ".txt");
        Process process = new ProcessBuilder(command(prefix, args))
                .redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Running(process, out, err);
    }

    /** A started command; {@link #close()} kills it and removes its files. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** The complete lines it has printed so far (a line still being written is left out). */
        List<String> lines() {
            try {
                String text = Files.readString(out);
                int end = text.lastIndexOf('\n');
                return end < 0 ? List.of() : text.substring(0, end).lines().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String stderr() {
            try {
                return Files.readString(err);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }
}
