package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.GuestEvent;
import io.quorate.events.LockEvent;
import io.quorate.ha.guest.GuestAddress;
import io.quorate.ha.guest.GuestEndpoint;
import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.ha.state.HaPaths;
import io.quorate.lab.HaHost;
import io.quorate.lab.NetnsLab;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.LocalCluster;
import io.quorate.runtime.NodeEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA across a real partition: three hosts (supervisor + node each) in network namespaces, vm:101
 * a process guest on its node's lab address, and an outside prober in this JVM's namespace, joined
 * to the lab network as an observer so the partition does not blind it. The guest's node is cut
 * from both others (nftables, both directions): it loses quorum, so it starts nothing and its
 * watchdog kills its guest; the quorate pair recovers vm:101 only once it holds the cut-off node's
 * agent lock, i.e. after that node's watchdog must have fired. Timings are shortened within the
 * validated bounds (lock expiry 12 s, watchdog 5 s). Needs root, iproute2 and nftables.
 */
class HaPartitionNetnsTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String SID = "vm:101";

    @TempDir
    Path base;

    private NetnsLab lab;
    private final Map<String, HaHost> hosts = new LinkedHashMap<>();
    private GuestProber prober;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (prober != null) {
                prober.close();
            }
            for (HaHost host : hosts.values()) {
                host.powerCut();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void aCutOffNodeStartsNothingAndTheQuorateSideRecoversOnlyAfterFencingIt() throws Exception {
        NetnsRequirement.require();
        lab = NetnsLab.create(3);
        lab.connectObserver();
        LocalCluster cluster = LocalCluster.inNamespaces(lab, base, 3, "hapart", 1000);
        Map<String, HostPort> guestAddresses = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            LocalCluster.Member member = cluster.member("n" + i);
            List<String> options = new ArrayList<>(HaFailoverProcessTest.SHORT_TIMINGS);
            options.addAll(List.of("--fence-delay", "2s", "--guest-address", lab.address(i)));
            HaHost host = HaHost.prepare(member.dir(), HaHost.javaCommandOfThisJvm(), options);
            host.start(lab.commandPrefix(i));
            hosts.put(member.name(), host);
            guestAddresses.put(member.name(), GuestAddress.of(lab.address(i), SID));
        }
        List<Path> dirs = hosts.values().stream().map(HaHost::dir).toList();
        ConfigTreeChecks.awaitReady(LIMIT, dirs);
        prober = new GuestProber(GuestEndpoint.forNodes(SID, guestAddresses));
        prober.start();

        ProbeMark added = prober.mark("added");
        Cli.Result add = Cli.run("ha", "add", SID, "--dir", dirs.get(0).toString());
        assertEquals(0, add.exitCode(), add.err());
        String cutOff = awaitAnswer(added, Optional.empty());
        int cutIndex = Integer.parseInt(cutOff.substring(1));

        ProbeMark partition = prober.mark("partition " + cutOff);
        Instant partitioned = Instant.now();
        for (int other = 1; other <= 3; other++) {
            if (other != cutIndex) {
                lab.cutBoth(cutIndex, other);
            }
        }
        String recoveredOn = awaitAnswer(partition, Optional.of(cutOff));
        assertNotEquals(cutOff, recoveredOn);
        assertEquals(List.of(), prober.violations(), SID + " answered on two nodes at once: " + prober.report());

        HaHost isolated = hosts.get(cutOff);
        Await.until(LIMIT, () -> isolated.supervisorExit().isPresent(), () -> "the cut-off node's watchdog never fired");
        assertEquals(Optional.of(3), isolated.supervisorExit(), "the supervisor exits 3 when its watchdog fires");
        Instant fired = Files.getLastModifiedTime(isolated.dir().resolve("supervisor.exit")).toInstant();

        // the minority started nothing after the cut
        List<Event> minority = NodeEventLog.read(isolated.dir());
        assertTrue(after(minority, partitioned, e -> e.data() instanceof GuestEvent.Started).isEmpty(),
                "the cut-off node started a guest without quorum");

        // the quorate side: agent lock of the cut-off node taken (fence acknowledged), then the start
        List<Event> survivor = NodeEventLog.read(hosts.get(recoveredOn).dir());
        Instant started = after(survivor, partitioned, e -> e.data() instanceof GuestEvent.Started started1
                && started1.sid().equals(SID)).orElseThrow(() -> new AssertionError("no guest.started on " + recoveredOn));
        Instant fenceAcknowledged = dirs.stream().map(this::events).flatMap(List::stream)
                .filter(e -> e.data() instanceof LockEvent.Acquired acquired
                        && acquired.lock().equals(HaPaths.agentLock(cutOff)) && !acquired.holder().equals(cutOff))
                .map(Event::time).filter(t -> t.isAfter(partitioned)).min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("nobody took " + HaPaths.agentLock(cutOff)));
        assertTrue(fenceAcknowledged.isBefore(started), "recovered at " + started + " before the fence at " + fenceAcknowledged);
        assertTrue(fired.isBefore(started), "recovered at " + started + " before the watchdog fired at " + fired);
        System.out.printf("partition of %s: watchdog fired %d ms, agent lock taken %d ms, %s started on %s %d ms after the cut%n",
                cutOff, Duration.between(partitioned, fired).toMillis(), Duration.between(partitioned, fenceAcknowledged).toMillis(),
                SID, recoveredOn, Duration.between(partitioned, started).toMillis());
    }

    private String awaitAnswer(ProbeMark mark, Optional<String> otherThan) throws InterruptedException {
        return GuestAnswers.await(prober, SID, mark, otherThan, LIMIT);
    }

    private List<Event> events(Path dir) {
        try {
            return NodeEventLog.read(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<Instant> after(List<Event> events, Instant from, Predicate<Event> which) {
        return events.stream().filter(e -> e.time().isAfter(from)).filter(which).map(Event::time).findFirst();
    }
}
