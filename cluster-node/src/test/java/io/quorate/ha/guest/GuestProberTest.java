package io.quorate.ha.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.it.Await;
import io.quorate.runtime.FreePorts;
import io.quorate.runtime.HostPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prober against two in-test guests (JDK HttpServer) answering for vm:101 as node1 and node2. */
class GuestProberTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final String SID = "vm:101";

    private final Map<String, HostPort> addresses = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private GuestProber prober;

    @BeforeEach
    void addresses() throws Exception {
        for (String node : List.of("node1", "node2")) {
            addresses.put(node, new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1")));
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (prober != null) {
            prober.stop();
        }
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void onlyNode1UpIsNoViolationAndTheTimelineShowsNode1() throws Exception {
        GuestServer node1 = guest("node1");
        startProber(GuestEndpoint.forNodes(SID, addresses));
        Await.until(LIMIT, () -> prober.rounds() >= 5 && prober.lastNode(SID).isPresent(), () -> prober.report().toString());
        node1.close(); // freeze the picture: a stopped guest is no violation either

        GuestProbeReport report = prober.report();
        SidSummary summary = report.sid(SID);
        assertEquals("node1", summary.lastNode().orElseThrow(), report.toString());
        assertEquals(0, report.violationCount(), report.toString());
        assertEquals(List.of("node1"), List.copyOf(summary.answersPerNode().keySet()), report.toString());
        assertTrue(summary.timeline().stream().anyMatch(s -> s.nodes().equals(List.of("node1")) && s.rounds() >= 2),
                report.toString());
        assertTrue(summary.timeline().stream().allMatch(s -> s.nodes().isEmpty() || s.nodes().equals(List.of("node1"))),
                report.toString());
    }

    @Test
    void failoverToNode2IsTimedFromTheMarkWithoutViolation() throws Exception {
        GuestServer node1 = guest("node1");
        startProber(GuestEndpoint.forNodes(SID, addresses));
        Await.until(LIMIT, () -> prober.lastNode(SID).equals(Optional.of("node1")), () -> prober.report().toString());

        ProbeMark mark = prober.mark("stop node1");
        node1.close();
        guest("node2");
        Await.until(LIMIT, () -> prober.firstAnswerAfter(SID, mark, "node1").isPresent(), () -> prober.report().toString());

        ProbeAnswer first = prober.firstAnswerAfter(SID, mark, "node1").orElseThrow();
        GuestProbeReport report = prober.report();
        assertEquals("node2", first.node(), report.toString());
        assertTrue(first.sentNanos() >= mark.nanos() && first.receivedNanos() >= first.sentNanos(), report.toString());
        assertTrue(prober.firstAnswerAfter(SID, mark).orElseThrow().sentNanos() >= mark.nanos(), report.toString());
        Await.until(LIMIT, () -> prober.lastNode(SID).equals(Optional.of("node2")), () -> prober.report().toString());
        assertEquals(0, prober.report().violationCount(), report.toString());
        List<TimelineSegment> timeline = prober.report().sid(SID).timeline();
        assertEquals(List.of("node2"), timeline.get(timeline.size() - 1).nodes(), report.toString());
        assertTrue(report.toString().contains("after mark 'stop node1'"), report.toString());
    }

    @Test
    void bothNodesUpAtOnceIsAViolation() throws Exception {
        guest("node1");
        guest("node2");
        startProber(GuestEndpoint.forNodes(SID, addresses));
        Await.until(LIMIT, () -> !prober.violations().isEmpty(), () -> prober.report().toString());

        ProbeViolation violation = prober.violations().get(0);
        assertEquals(SID, violation.sid());
        assertEquals(List.of("node1", "node2"), violation.nodes());
        assertTrue(violation.fromNanos() <= violation.toNanos());
        assertTrue(violation.answers().stream().allMatch(a -> a.round() == violation.round()));
        GuestProbeReport report = prober.report();
        assertTrue(report.toString().contains("VIOLATION vm:101 answered on node1 and node2"), report.toString());
        assertTrue(report.sid(SID).timeline().stream().anyMatch(s -> s.nodes().equals(List.of("node1", "node2"))),
                report.toString());
    }

    @Test
    void aSilentEndpointDoesNotHoldUpTheOthers() throws Exception {
        // accepts connections (the kernel does) but never answers: each probe of it runs into the timeout
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        running.add(silent);
        guest("node1");
        List<GuestEndpoint> endpoints = List.of(new GuestEndpoint(SID, "node1", addresses.get("node1")),
                new GuestEndpoint(SID, "node2", new HostPort("127.0.0.1", silent.getLocalPort())));
        startProber(endpoints);
        Await.until(LIMIT, () -> prober.rounds() >= 5, () -> prober.report().toString());

        GuestProbeReport report = prober.report();
        long node1Answers = report.sid(SID).answersPerNode().get("node1");
        assertTrue(node1Answers >= report.rounds() - 1, report.toString());
        assertEquals(0, report.violationCount(), report.toString());
    }

    private void startProber(List<GuestEndpoint> endpoints) {
        prober = new GuestProber(endpoints);
        prober.start();
    }

    private GuestServer guest(String node) throws Exception {
        GuestServer server = GuestServer.start(GuestIdentity.ofThisProcess(SID, node), addresses.get(node));
        running.add(server);
        return server;
    }
}
