package io.quorate.observability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * System tools of the observability tests (promtool, amtool, prometheus, prometheus-alertmanager,
 * all from Debian's prometheus and prometheus-alertmanager packages): under CI=true a missing tool
 * fails the test naming it; elsewhere the test is skipped, saying why.
 */
final class Tools {
    static final String INSTALL = "apt-get install -y prometheus prometheus-alertmanager";

    private Tools() {
    }

    static void require(String... tools) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                if ("true".equals(System.getenv("CI"))) {
                    fail(tool + " is missing (" + INSTALL + ")");
                }
                Assumptions.assumeTrue(false, "skipped on this machine: no " + tool + " (" + INSTALL + ")");
            }
        }
    }

    static boolean onPath(String tool) {
        for (String entry : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What a finished command said: its exit code and its stdout and stderr, interleaved. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir}, killing it past {@code limit}. */
    static Result run(Path dir, Duration limit, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("quorate-obs-tool", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
