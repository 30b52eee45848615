package io.quorate.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs one short setup command ({@code ip ...}, {@code nft ...}) to completion and checks its exit code. */
final class LabCommand {

    /** Setup commands take milliseconds; anything this slow is hung (e.g. a stuck netlink call). */
    private static final long TIMEOUT_SECONDS = 30;

    private LabCommand() {
    }

    /** @return the command's stdout */
    static String run(List<String> command) {
        return run(command, null);
    }

    /**
     * @param stdin text fed to the command's standard input (e.g. an {@code nft -f -} script), or null
     * @return the command's stdout
     * @throws LabCommandException if it cannot start, times out or exits non-zero; the message has its stderr
     */
    static String run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LabCommandException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        // stderr is drained on its own thread so a chatty stream can never block the other one.
        CompletableFuture<String> stderr = drainAsync(process.getErrorStream());
        try {
            writeStdin(process, stdin);
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabCommandException("`" + String.join(" ", command) + "` timed out after " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw LabCommandException.failed(command, process.exitValue(), stderr.get());
            }
            return stdout;
        } catch (IOException | ExecutionException e) {
            throw new LabCommandException("`" + String.join(" ", command) + "` failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LabCommandException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    private static void writeStdin(Process process, String stdin) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static CompletableFuture<String> drainAsync(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread drainer = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        }, "lab-command-stderr");
        drainer.setDaemon(true);
        drainer.start();
        return text;
    }
}
