package io.quorate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real namespaces, real datagrams. Needs root, iproute2 and nftables: without them the tests are skipped,
 * except with CI=true, where a machine unable to run them is an error.
 */
class NetnsLabTest {

    @TempDir
    Path logDir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void requireLabSupport() {
        Optional<String> reason = NetnsLab.unavailableReason();
        if (reason.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("network-namespace lab unavailable on CI: " + reason.get());
            }
            System.out.println("skipping NetnsLabTest: " + reason.get());
            assumeTrue(false, reason.get());
        }
    }

    /** Newest first, and every resource even if one fails, so a failing test leaks no namespace. */
    @AfterEach
    void cleanUp() throws Exception {
        Exception failure = null;
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void buildsHostsOnOneSwitchWithNamedNamespacesAndAddresses() {
        NetnsLab lab = newLab(3);

        assertTrue(lab.prefix().matches("qr[0-9a-f]{4}"), lab.prefix());
        assertEquals(lab.prefix() + "-h2", lab.namespace(2));
        assertTrue(lab.subnet().matches("10\\.(1\\d\\d|2[0-4]\\d|250)\\.\\d{1,3}\\.0/24"), lab.subnet());
        assertEquals(lab.subnet().replace("0/24", "3"), lab.address(3));
        assertEquals(List.of("netns", "exec", lab.namespace(1)), lab.commandPrefix(1).subList(1, 4));
        assertTrue(lab.commandPrefix(1).get(0).endsWith("/ip"));
        List<String> namespaces = Namespaces.list();
        for (String ns : List.of(lab.switchNamespace(), lab.namespace(1), lab.namespace(2), lab.namespace(3))) {
            assertTrue(namespaces.contains(ns), ns + " in " + namespaces);
        }
        assertThrows(IllegalArgumentException.class, () -> lab.namespace(0));
        assertThrows(IllegalArgumentException.class, () -> lab.address(4));
        assertThrows(IllegalArgumentException.class, () -> lab.cut(1, 1));
    }

    @Test
    void faultsDropRealPacketsAndHealRestoresThem() throws Exception {
        NetnsLab lab = newLab(3);
        UdpProbes probes = UdpProbes.startOnAllHosts(lab, logDir);
        assertAllPairsReachable(probes);

        lab.cut(1, 2);
        assertTrue(probes.blocked(1, 2), "1 -> 2 is cut");
        assertTrue(probes.reachable(2, 1), "2 -> 1 still works: the cut is one-way");
        assertTrue(probes.reachable(1, 3), "1 -> 3 is not affected");
        assertTrue(probes.reachable(3, 2), "3 -> 2 is not affected");
        assertNothingLeaked(probes);

        lab.heal();
        assertTrue(probes.reachable(1, 2), "healed");

        lab.isolate(3);
        for (int other : List.of(1, 2)) {
            assertTrue(probes.blocked(other, 3), other + " -> 3 while 3 is isolated");
            assertTrue(probes.blocked(3, other), "3 -> " + other + " while 3 is isolated");
        }
        assertTrue(probes.reachable(1, 2), "1 and 2 still talk");
        assertNothingLeaked(probes);
        probes.forgetBlocked(); // host 3's own probes may still be delivered from its ARP queue, see isolate()

        lab.reconnect(3);
        assertTrue(probes.reachable(3, 1) && probes.reachable(1, 3), "reconnected");

        lab.cutBoth(1, 2);
        lab.isolate(3);
        assertTrue(probes.blocked(1, 2) && probes.blocked(2, 1), "cut both ways");
        lab.heal();
        assertAllPairsReachable(probes);
        assertNothingLeaked(probes); // nft drops are final: even after heal, no probe of a cut arrives late
    }

    @Test
    void uncutLossBandwidthAndAHealFromAnotherHandle() throws Exception {
        NetnsLab lab = NetnsLab.create(3, true);
        cleanup.add(lab);
        UdpProbes probes = UdpProbes.startOnAllHosts(lab, logDir);
        assertAllPairsReachable(probes);

        lab.cutBoth(1, 2);
        lab.cut(3, 2);
        lab.uncut(1, 2);
        assertTrue(probes.reachable(1, 2), "that one cut is lifted");
        assertTrue(probes.blocked(2, 1) && probes.blocked(3, 2), "the other cuts stay");
        lab.heal();

        lab.loss(3, 100);
        // (host 3's own sends fail at once with EPERM, which the probe agent cannot report as a drop)
        assertTrue(probes.blocked(1, 3), "100 % loss drops everything arriving on the cluster link");
        lab.clearLoss(3);
        assertTrue(probes.reachable(1, 3) && probes.reachable(3, 1), "loss lifted");

        lab.bandwidth(2, "256kbit");
        assertTrue(LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "exec", lab.namespace(2),
                LabTools.require(LabTools.TC), "qdisc", "show", "dev", "eth0")).contains("tbf"), "a token bucket on eth0");
        assertTrue(probes.reachable(2, 1), "a cap slows, it does not cut");

        // a process that did not apply them (a later run, lab down) heals them through the lab's layout
        lab.cut(2, 3);
        NetnsLab.attach(lab.layout()).uncut(2, 3);
        assertTrue(probes.reachable(2, 3), "an attached lab lifts a cut it did not make");
        assertFalse(LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "exec", lab.namespace(3),
                LabTools.require(LabTools.NFT), "list", "tables")).contains("quorate_chaos"), "the last cut takes its table along");
        lab.cut(1, 3);
        lab.loss(2, 50);
        NetnsLab other = NetnsLab.attach(lab.layout());
        other.heal();
        assertAllPairsReachable(probes);
        assertFalse(LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "exec", lab.namespace(2),
                LabTools.require(LabTools.TC), "qdisc", "show", "dev", "eth0")).contains("tbf"), "the cap is gone");
        for (int host = 1; host <= 3; host++) {
            String tables = LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "exec", lab.namespace(host),
                    LabTools.require(LabTools.NFT), "list", "tables"));
            assertFalse(tables.contains("quorate_chaos"), "host " + host + " still has " + tables);
        }

        String management = lab.managementAddress(2);
        assertTrue(management.endsWith(".2") && !management.startsWith(lab.subnet().substring(0, lab.subnet().lastIndexOf('.'))),
                "the management network is a subnet of its own: " + management + " vs " + lab.subnet());
        lab.isolate(2);
        String ping = LabCommand.run(List.of(LabTools.require(LabTools.IP), "netns", "exec", lab.namespace(1), "bash", "-c",
                "exec 3<>/dev/tcp/" + management + "/22 2>&1 || echo refused-or-unreachable"));
        assertTrue(ping.isEmpty() || ping.contains("refused"), "the management link of an isolated host stays up: " + ping);
    }

    @Test
    void closeKillsProcessesAndRemovesEveryNamespace() throws Exception {
        NetnsLab lab = newLab(2);
        UdpProbes probes = UdpProbes.startOnAllHosts(lab, logDir);
        lab.cut(1, 2);

        lab.close();

        for (int host = 1; host <= 2; host++) {
            assertTrue(probes.agent(host).onExit().get(10, TimeUnit.SECONDS) != null);
            assertFalse(probes.agent(host).isAlive());
        }
        assertEquals(List.of(), namespacesStartingWith(lab.prefix()));
        lab.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> lab.isolate(1));
    }

    @Test
    void removeStaleRemovesOrphansButSparesLiveLabs() throws Exception {
        NetnsLab live = newLab(1);
        String orphanPrefix = "qrstale" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String orphan = orphanPrefix + "-h1";
        Namespaces.add(orphan); // like a lab whose JVM was SIGKILLed: no live owner
        cleanup.add(() -> {
            if (Namespaces.list().contains(orphan)) {
                Namespaces.delete(orphan);
            }
        });
        List<String> command = new ArrayList<>(List.of(LabTools.require(LabTools.IP), "netns", "exec", orphan));
        command.addAll(UdpProbes.agentCommand());
        Process orphanProcess = new ProcessBuilder(command).redirectOutput(logDir.resolve("orphan.log").toFile()).start();
        cleanup.add(orphanProcess::destroyForcibly);

        assertEquals(List.of(), NetnsLab.removeStale(live.prefix()), "the live lab's owner is this JVM");
        assertEquals(List.of(orphan), NetnsLab.removeStale(orphanPrefix));

        assertEquals(List.of(), namespacesStartingWith(orphanPrefix));
        assertTrue(orphanProcess.waitFor(10, TimeUnit.SECONDS), "process in the orphan namespace was killed");
        assertTrue(Namespaces.list().contains(live.namespace(1)), "live lab untouched");
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.removeStale(" "));
    }

    private NetnsLab newLab(int hosts) {
        NetnsLab lab = NetnsLab.create(hosts);
        cleanup.add(lab);
        return lab;
    }

    private static void assertAllPairsReachable(UdpProbes probes) throws Exception {
        for (int from = 1; from <= 3; from++) {
            for (int to = 1; to <= 3; to++) {
                if (from != to) {
                    assertTrue(probes.reachable(from, to), from + " -> " + to);
                }
            }
        }
    }

    /** Guards the "blocked" verdicts: a probe judged dropped must not have arrived after its control either. */
    private static void assertNothingLeaked(UdpProbes probes) {
        assertEquals(List.of(), probes.blockedTokensThatArrivedLate(), "probes judged blocked that arrived anyway");
    }

    private static List<String> namespacesStartingWith(String prefix) {
        return Namespaces.list().stream().filter(ns -> ns.startsWith(prefix)).toList();
    }
}
