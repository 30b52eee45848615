package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.EventData;
import io.quorate.events.FenceEvent;
import io.quorate.events.HaEvent;
import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import io.quorate.runtime.NodeEventLog;
import io.quorate.runtime.NodeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hidden test-only {@code --unsafe-recover-without-fencing}: every node says loudly that it runs
 * with it, and a hung node's guest is recovered as soon as the node leaves the view, long before a
 * 60 s fence delay or the 12 s agent-lock expiry would allow, with no fence at all.
 */
class HaUnsafeRecoveryProcessTest extends HaClusterTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String UNSAFE = "--unsafe-recover-without-fencing";




    @Test
    void theMasterRecoversAHungNodesGuestWithoutFencingIt() throws Exception {
        List<String> options = new ArrayList<>(HaFailoverProcessTest.SHORT_TIMINGS);
        options.addAll(List.of("--fence-delay", "60s", UNSAFE));
        cluster = LocalHaCluster.start(base, 3, 1000, options, false, HaHost.javaCommandOfThisJvm());
        ConfigTreeChecks.awaitReady(LIMIT, cluster.dirs());
        for (Path dir : cluster.dirs()) {
            Await.until(LIMIT, () -> events(dir).contains("\"type\":\"node.unsafe_option\"") && events(dir).contains(UNSAFE),
                    () -> dir + ": no node.unsafe_option event");
            Await.until(LIMIT, () -> log(dir).contains("WARNING") && log(dir).contains("UNSAFE: node "),
                    () -> dir + ": no UNSAFE warning in node.log");
        }
        prober = new GuestProber(cluster.endpoints("vm:101"));
        prober.start();
        ProbeMark added = prober.mark("added");
        Cli.Result add = Cli.run("ha", "add", "vm:101", "--dir", cluster.dirs().get(0).toString());
        assertEquals(0, add.exitCode(), add.err());
        String first = GuestAnswers.await(prober, "vm:101", added, Optional.empty(), LIMIT);

        ProbeMark hung = prober.mark("SIGSTOP node of " + first);
        long start = System.nanoTime();
        cluster.host(first).signalNode("STOP");
        String second = GuestAnswers.await(prober, "vm:101", hung, Optional.of(first), LIMIT);
        long recoveredMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("unsafe recovery: vm:101 answering on %s %d ms after %s hung; answered on two nodes at once: %s%n",
                second, recoveredMs, first, prober.violations().isEmpty() ? "no" : prober.violations());
        assertTrue(recoveredMs < 12_000, "recovered before the 12 s agent-lock expiry (safe path: the 60 s fence delay), took "
                + recoveredMs + " ms");

        List<EventData> survivors = eventsOfAllBut(first);
        assertTrue(survivors.contains(new FenceEvent.PresumedUnsafe(first, UNSAFE)), "the presumption is recorded");
        assertTrue(survivors.stream().anyMatch(data -> data instanceof HaEvent.ManagerLog log
                && log.message().contains("'" + first + "' presumed dead WITHOUT fencing")), "the manager's log says no fence took place");
        assertFalse(survivors.stream().anyMatch(data -> data instanceof FenceEvent.Succeeded), "no fence is claimed");
    }

    private List<EventData> eventsOfAllBut(String node) throws IOException {
        List<EventData> all = new ArrayList<>();
        for (HaHost host : cluster.hosts().values()) {
            if (!host.dir().getFileName().toString().equals(node)) {
                NodeEventLog.read(host.dir()).forEach(event -> all.add(event.data()));
            }
        }
        return all;
    }

    private static String events(Path dir) {
        return read(dir.resolve("events.jsonl"));
    }

    private static String log(Path dir) {
        return read(new NodeFiles(dir).log());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
