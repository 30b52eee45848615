package io.quorate.chaos.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Stops a lab's processes by pid from any process, checking first that the pid is still the lab's. */
final class ProcessKiller {
    private ProcessKiller() {
    }

    /**
     * SIGTERM, then SIGKILL after 10 s, to {@code pid} if its command line mentions {@code marker} (so a
     * reused pid is left alone).
     *
     * @return whether such a process was running
     */
    static boolean kill(String marker, long pid) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(pid).map(c -> c.contains(marker)).orElse(true));
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.get().destroyForcibly();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.get().destroyForcibly();
        }
        return true;
    }

    /** From /proc: ProcessHandle's command line misses the arguments of a long one (a JVM with its classpath). */
    private static Optional<String> commandLine(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the process group whose id is in {@code pgidFile} (a host's power cut), if any. */
    static void killGroupIn(Path pgidFile) {
        try {
            if (!Files.exists(pgidFile)) {
                return;
            }
            String group = Files.readString(pgidFile).strip();
            if (!group.matches("\\d+")) {
                return;
            }
            new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
