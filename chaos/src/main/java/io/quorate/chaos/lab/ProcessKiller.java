package io.quorate.chaos.lab;

import io.quorate.lab.Processes;
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
                .filter(p -> Processes.commandLine(pid).contains(marker));
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
}
