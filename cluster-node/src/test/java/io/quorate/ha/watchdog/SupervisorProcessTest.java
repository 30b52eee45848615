package io.quorate.ha.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.it.Await;
import io.quorate.runtime.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog supervisor as a real process: it kills the guests and the node when feeds stop, keeps
 * them while fed, and takes its guests with it when it is killed itself.
 */
class SupervisorProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void whenFeedsStopTheGuestsAndTheNodeAreKilled() throws Exception {
        Process node = spawn("sleep", "600"); // stands in for the node JVM
        Process supervisor = startSupervisor();
        try (WatchdogClient client = connect()) {
            assertEquals("OK", client.call("HELLO " + node.pid()));
            assertEquals("OK", client.call("ARM 500"));
            assertEquals("OK", client.call("START vm:101 sleep 6101"));
            Await.until(LIMIT, () -> guestRunning("6101"), () -> "guest did not start");
            // no more feeds: the node "hangs"
            Await.until(LIMIT, () -> !node.isAlive() && !guestRunning("6101"), () -> "node alive " + node.isAlive()
                    + ", guest running " + guestRunning("6101"));
        }
        assertTrue(supervisor.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "a fired supervisor ends (host reset)");
        assertEquals(3, supervisor.exitValue(), log());
    }

    @Test
    void aFedWatchdogKeepsTheGuestAndADisarmedOneFiresNever() throws Exception {
        startSupervisor();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        try (WatchdogClient client = connect()) {
            assertEquals("OK", client.call("ARM 400"));
            assertEquals("OK", client.call("START vm:201 sleep 6201"));
            feeder.scheduleAtFixedRate(() -> {
                try {
                    client.call("FEED");
                } catch (IOException e) {
                    // the test fails below
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            Await.until(LIMIT, () -> System.nanoTime() > until || !guestRunning("6201"), () -> "");
            assertTrue(guestRunning("6201"), "fed for 1.5 s with a 400 ms timeout, the guest lives");
            feeder.shutdownNow();
            feeder.awaitTermination(2, TimeUnit.SECONDS);
            assertEquals("OK", client.call("DISARM"));
            assertTrue(client.call("STATUS").startsWith("OK disarmed vm:201"));
            assertEquals("OK", client.call("STOP vm:201 1000"));
            Await.until(LIMIT, () -> !guestRunning("6201"), () -> "stopped guest still runs");
        } finally {
            feeder.shutdownNow();
        }
    }

    @Test
    void guestsDieWithTheirSupervisor() throws Exception {
        Process supervisor = startSupervisor();
        try (WatchdogClient client = connect()) {
            assertEquals("OK", client.call("START vm:301 sleep 6301"));
            Await.until(LIMIT, () -> guestRunning("6301"), () -> "guest did not start");
        }
        supervisor.destroyForcibly(); // kill -9
        Await.until(LIMIT, () -> !guestRunning("6301"), () -> "the guest outlived its supervisor");
    }

    private Process startSupervisor() throws Exception {
        List<String> command = new ArrayList<>(List.of(NodeProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "io.quorate.cli.Main", "supervisor", "--dir", dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisor.log").toFile()).start();
        processes.add(process);
        Await.until(LIMIT, () -> Files.exists(Supervisor.socketOf(dir)), () -> "no socket; log: " + log());
        return process;
    }

    private WatchdogClient connect() throws IOException {
        return WatchdogClient.connect(Supervisor.socketOf(dir));
    }

    private Process spawn(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    /** Whether a {@code sleep <marker>} process lives (each test uses its own marker). */
    private static boolean guestRunning(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.equals("sleep " + marker)
                || c.endsWith("/sleep " + marker)).orElse(false));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("supervisor.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

}
