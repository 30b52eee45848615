package io.quorate.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One {@link UdpProbeAgent} per lab host, and checks built on real datagrams between them.
 *
 * <p>A "blocked" verdict needs no waiting for something not to happen: after the probe from A to B is
 * sent, B sends a control datagram to its own address and we wait for that to arrive. Delivery on a
 * veth/bridge path completes within the sending syscall, so had the probe not been dropped it would
 * already be in B's log. Every blocked probe is also remembered, so a late arrival is caught at the end.
 */
final class UdpProbes {

    static final int PORT = 7007;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final NetnsLab lab;
    private final Map<Integer, Process> agents = new TreeMap<>();
    private final Map<Integer, Path> logs = new TreeMap<>();
    private final List<String> blockedTokens = new ArrayList<>();
    private final AtomicInteger nextToken = new AtomicInteger();

    private UdpProbes(NetnsLab lab) {
        this.lab = lab;
    }

    /** Starts an agent on every host of {@code lab} and waits until all are listening. */
    static UdpProbes startOnAllHosts(NetnsLab lab, Path logDir) throws IOException {
        UdpProbes probes = new UdpProbes(lab);
        for (int host = 1; host <= lab.hosts(); host++) {
            Path log = logDir.resolve("agent-h" + host + ".log");
            probes.logs.put(host, log);
            probes.agents.put(host, lab.start(host, agentCommand(), log));
        }
        for (int host = 1; host <= lab.hosts(); host++) {
            int h = host;
            probes.await("agent on host " + host + " ready", () -> probes.logHas(h, "ready"));
        }
        return probes;
    }

    /** The java command line of an agent: this JVM's binary and class path, small and quick to start. */
    static List<String> agentCommand() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), UdpProbeAgent.class.getName(), String.valueOf(PORT));
    }

    Process agent(int host) {
        return agents.get(host);
    }

    /** True if a datagram sent from {@code from} arrives at {@code to}, with {@code from}'s lab address as source. */
    boolean reachable(int from, int to) throws IOException {
        String token = send(from, to);
        String arrival = "got " + token + " from " + lab.address(from);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(deadline)) {
            if (logHas(to, arrival)) {
                return true;
            }
            pause();
        }
        return false;
    }

    /** True if a datagram from {@code from} did not reach {@code to} by the time {@code to}'s own control datagram did. */
    boolean blocked(int from, int to) throws IOException {
        String token = send(from, to);
        String control = send(to, to);
        await("control datagram " + control + " on host " + to, () -> logHas(to, "got " + control));
        blockedTokens.add(token);
        return !logHas(to, "got " + token);
    }

    /**
     * Forgets the probes judged blocked so far. Needed after an isolation: the isolated host's own probes
     * wait in its ARP queue and are legitimately delivered if the link comes back within ARP's retries.
     */
    void forgetBlocked() {
        blockedTokens.clear();
    }

    /** Tokens judged blocked that showed up since (should be none while the fault is in place). */
    List<String> blockedTokensThatArrivedLate() {
        List<String> late = new ArrayList<>();
        for (String token : blockedTokens) {
            for (int host : logs.keySet()) {
                if (logHas(host, "got " + token)) {
                    late.add(token + "@h" + host);
                }
            }
        }
        return late;
    }

    private String send(int from, int to) throws IOException {
        String token = "t" + nextToken.incrementAndGet() + "h" + from + "h" + to;
        OutputStream stdin = agents.get(from).getOutputStream();
        stdin.write(("send " + lab.address(to) + " " + PORT + " " + token + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await("agent on host " + from + " to send " + token, () -> logHas(from, "sent " + token));
        return token;
    }

    /** True if a line of the host's log starts with {@code words} followed by a blank or the line end. */
    private boolean logHas(int host, String words) {
        try {
            return Files.readString(logs.get(host)).lines().anyMatch(line -> (line + " ").startsWith(words + " "));
        } catch (IOException e) {
            return false; // not created yet
        }
    }

    private void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up after " + DEADLINE.toSeconds() + " s waiting for " + what + "; logs: " + logs);
            }
            pause();
        }
    }

    /** Poll interval of the condition loops above, not a synchronisation delay. */
    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
}
