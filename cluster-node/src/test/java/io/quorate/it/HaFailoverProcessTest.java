package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HA failover with real processes: three hosts (supervisor + node each, guests run by the
 * supervisor), a process guest vm:101, and an outside prober polling every node's guest address
 * on one clock. Timings are shortened within the validated bounds: lock expiry 12 s, watchdog 5 s.
 */
class HaFailoverProcessTest extends HaClusterTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    static final List<String> SHORT_TIMINGS = List.of("--lock-expiry", "12s", "--watchdog-timeout", "5s", "--ha-loop", "500ms");


    private final IpmiFencer fencer = new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10));


    private void startCluster(List<String> extraOptions, boolean withBmcs) throws Exception {
        List<String> options = new ArrayList<>(SHORT_TIMINGS);
        options.addAll(extraOptions);
        cluster = LocalHaCluster.start(base, 3, 1000, options, withBmcs, HaHost.javaCommandOfThisJvm());
        ConfigTreeChecks.awaitReady(LIMIT, cluster.dirs());
        prober = new GuestProber(cluster.endpoints("vm:101"));
        prober.start();
    }

    private HaHost host(String node) {
        return cluster.host(node);
    }

    private String awaitAnswering(ProbeMark mark, Optional<String> otherThan) throws InterruptedException {
        return GuestAnswers.await(prober, "vm:101", mark, otherThan, LIMIT);
    }

    private String addGuest() throws Exception {
        ProbeMark added = prober.mark("added");
        Cli.Result add = Cli.run("ha", "add", "vm:101", "--dir", cluster.dirs().get(0).toString());
        assertEquals(0, add.exitCode(), add.err());
        return awaitAnswering(added, Optional.empty());
    }

    /** kill -9 (crash) or SIGSTOP (a hung JVM) of the node process; supervisor and guest live on until the watchdog. */
    @ParameterizedTest
    @ValueSource(strings = {"KILL", "STOP"})
    void aDeadOrHungNodeProcessLosesItsGuestToTheWatchdogBeforeItMoves(String signal) throws Exception {
        startCluster(List.of("--fence-delay", "2s"), false);
        String first = addGuest();

        ProbeMark fault = prober.mark("SIG" + signal + " node of " + first);
        host(first).signalNode(signal);
        String second = awaitAnswering(fault, Optional.of(first));
        assertTrue(!second.equals(first));
        assertEquals(List.of(), prober.violations(), "vm:101 answered on two nodes at once: " + prober.report());
        if (signal.equals("STOP")) {
            Await.until(LIMIT, () -> !host(first).nodeAlive(), () -> "the watchdog did not kill the paused node");
        }
    }

    /** Power off over IPMI: the master sees the node leave, powers it off itself, reads "off" back, recovers at once. */
    @Test
    void aNodePoweredOffOverIpmiIsFencedByHardwareAndItsGuestMovesWithinSeconds() throws Exception {
        ToolRequirement.requireIpmi();
        // a fence delay longer than the whole failover: only the hardware proof can explain a quick recovery
        startCluster(List.of("--fence-delay", "60s"), true);
        writeFenceConfig();
        String first = addGuest();

        ProbeMark cut = prober.mark("IPMI power off " + first);
        long start = System.nanoTime();
        IpmiFencer.Result off = fencer.powerOff(cluster.fenceDevices().get(first));
        assertTrue(off.poweredOff(), off.toString());
        String second = awaitAnswering(cut, Optional.of(first));
        long seconds = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("IPMI power off of %s -> vm:101 answering on %s after %d ms%n", first, second, seconds);
        assertEquals(List.of(), prober.violations(), "vm:101 answered on two nodes at once: " + prober.report());
        Await.until(LIMIT, () -> eventsOf(cluster.hosts().values().stream().filter(h -> !h.dir().endsWith(first)).toList())
                .contains("\"type\":\"fence.succeeded\""), () -> "no fence.succeeded event");
    }

    /**
     * A guest whose disk is on local storage cannot move: after its node is fenced it goes to
     * error with the reason, and never answers elsewhere.
     */
    @Test
    void aGuestOnLocalStorageGoesToErrorInsteadOfMovingWhenItsNodeIsFenced() throws Exception {
        ToolRequirement.requireIpmi();
        startCluster(List.of("--fence-delay", "60s"), true);
        writeFenceConfig();
        String home = "n2";
        writeFile("storage.cfg", "lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n");
        writeFile("nodes/" + home + "/qemu-server/101.conf", "memory: 512\nscsi0: local-lvm:vm-101-disk-0,size=8G\n");
        assertEquals(home, addGuest(), "the guest starts where its config lives");

        ProbeMark cut = prober.mark("IPMI power off " + home);
        assertTrue(fencer.powerOff(cluster.fenceDevices().get(home)).poweredOff());
        List<HaHost> survivors = cluster.hosts().values().stream().filter(h -> !h.dir().endsWith(home)).toList();
        Await.until(LIMIT, () -> eventsOf(survivors).contains("guest uses non-shared storage 'local-lvm'"),
                () -> "no recovery refusal naming the storage; probe: " + prober.report());
        String survivor = survivors.get(0).dir().toString();
        Await.until(LIMIT, () -> Cli.run("ha", "status", "--dir", survivor).out().contains("service vm:101 (" + home + ", error)"),
                () -> "vm:101 not in error: " + Cli.run("ha", "status", "--dir", survivor).out());
        assertTrue(prober.firstAnswerAfter("vm:101", cut, home).isEmpty(), () -> "vm:101 moved: " + prober.report());
    }

    /**
     * A clean stop under {@code shutdown_policy=migrate}: the node reports maintenance, the master
     * migrates the guest away, and only then does the node leave. A 60 s fence delay rules out a
     * recovery explaining the move.
     */
    @Test
    void aCleanShutdownUnderTheMigratePolicyMovesTheGuestBeforeTheNodeLeaves() throws Exception {
        startCluster(List.of("--fence-delay", "60s"), false);
        writeFile("datacenter.cfg", "ha: shutdown_policy=migrate\n");
        String first = addGuest();

        ProbeMark stop = prober.mark("SIGTERM node of " + first);
        host(first).signalNode("TERM");
        String second = awaitAnswering(stop, Optional.of(first));
        assertEquals(List.of(), prober.violations(), "vm:101 answered on two nodes at once: " + prober.report());
        Await.until(LIMIT, () -> !host(first).nodeAlive(), () -> "the stopped node did not exit");
        // the master records the transition; it may be the node that stopped
        assertTrue(eventsOf(List.copyOf(cluster.hosts().values())).contains("\"sid\":\"vm:101\",\"from\":\"started\",\"to\":\"migrate\""),
                "vm:101 was migrated, not recovered");
        System.out.printf("clean stop of %s under the migrate policy: vm:101 answering on %s%n", first, second);
    }

    private void writeFile(String path, String text) throws Exception {
        Cli.Result write = CliProcess.run(List.of(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "fs", "write",
                path, "--dir", cluster.dirs().get(0).toString());
        assertEquals(0, write.exitCode(), write.err());
    }

    private String eventsOf(List<HaHost> survivors) {
        StringBuilder all = new StringBuilder();
        for (HaHost host : survivors) {
            try {
                all.append(java.nio.file.Files.readString(host.dir().resolve("events.jsonl")));
            } catch (java.io.IOException e) {
                // not there yet
            }
        }
        return all.toString();
    }

    private void writeFenceConfig() throws Exception {
        writeFile("ha/fence.cfg", cluster.fenceConfig());
    }
}
