package io.quorate.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Plain operations on named network namespaces, shared by a lab and by stale-lab cleanup. */
final class Namespaces {

    private static final Duration KILL_DEADLINE = Duration.ofSeconds(10);

    private Namespaces() {
    }

    /** Names from {@code ip netns list}, whose lines look like {@code qr1a2b-h1 (id: 3)}. */
    static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "list")).split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    static void add(String namespace) {
        LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "add", namespace));
    }

    static void delete(String namespace) {
        LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "del", namespace));
    }

    /**
     * SIGKILLs every process in the namespace and waits until they are gone. Repeats the listing until
     * it comes back empty, so children forked while we were killing their parent are caught as well.
     */
    static void killAll(String namespace) {
        Instant deadline = Instant.now().plus(KILL_DEADLINE);
        List<ProcessHandle> running = processesIn(namespace);
        while (!running.isEmpty()) {
            running.forEach(ProcessHandle::destroyForcibly);
            running.forEach(process -> awaitExit(process, deadline));
            if (Instant.now().isAfter(deadline)) {
                throw new LabCommandException("processes " + processesIn(namespace) + " in namespace " + namespace
                        + " still run " + KILL_DEADLINE.toSeconds() + " s after SIGKILL");
            }
            running = processesIn(namespace);
        }
    }

    private static List<ProcessHandle> processesIn(String namespace) {
        String pids = LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "pids", namespace));
        List<ProcessHandle> processes = new ArrayList<>();
        for (String pid : pids.split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).ifPresent(processes::add);
            }
        }
        return processes;
    }

    private static void awaitExit(ProcessHandle process, Instant deadline) {
        long millisLeft = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        try {
            process.onExit().get(millisLeft, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // reported by the caller, which lists what still runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabCommandException("interrupted while waiting for process " + process.pid() + " to die", e);
        }
    }
}
