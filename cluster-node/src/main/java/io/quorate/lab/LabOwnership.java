package io.quorate.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Records which process owns a lab, so {@link NetnsLab#removeStale} removes only labs whose owner is
 * gone and never those of a test run that is going on in parallel. The records live in /run, a tmpfs
 * that, like the namespaces themselves, does not survive a reboot.
 */
final class LabOwnership {

    private static final Path DIR = Path.of("/run/quorate-lab");

    private LabOwnership() {
    }

    /** Marks the current JVM as owner of {@code labId}; written before any of the lab's namespaces exist. */
    static void claim(String labId) {
        claim(labId, ProcessHandle.current());
    }

    /** Marks {@code owner} as owner of {@code labId}, replacing any earlier record. */
    static void claim(String labId, ProcessHandle owner) {
        String record = owner.pid() + " " + startMillis(owner).orElse(-1L) + "\n";
        try {
            Files.createDirectories(DIR);
            Files.writeString(file(labId), record, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new LabCommandException("cannot record lab owner in " + file(labId) + ": " + e.getMessage(), e);
        }
    }

    static void release(String labId) {
        try {
            Files.deleteIfExists(file(labId));
        } catch (IOException e) {
            // A leftover record only makes removeStale consult a dead PID; nothing to recover here.
        }
    }

    static boolean exists(String labId) {
        return Files.exists(file(labId));
    }

    /** True if the process that claimed {@code labId} still runs (same PID and same start time, so not a reused PID). */
    static boolean ownerAlive(String labId) {
        String[] fields;
        try {
            fields = Files.readString(file(labId), StandardCharsets.US_ASCII).strip().split(" ");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // cannot tell: keeping a lab is safer than tearing down someone's running test
        }
        try {
            long pid = Long.parseLong(fields[0]);
            long started = Long.parseLong(fields[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(owner -> started < 0 || startMillis(owner).map(s -> s == started).orElse(true))
                    .isPresent();
        } catch (RuntimeException e) {
            return false; // a garbled record cannot belong to a live lab, which writes it whole
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private static Path file(String labId) {
        return DIR.resolve(labId + ".owner");
    }
}
