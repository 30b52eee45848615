package io.quorate.ha.guest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The outside prober of the HA acceptance tests: it polls every node's guest port for every sid,
 * in rounds, and proves (or refutes) that a guest never answered on two nodes at once.
 *
 * <h2>Rounds</h2>
 * One thread runs a round every {@code interval} (a round that overran delays the next; rounds
 * never overlap). A round reads the clock ({@link System#nanoTime()}) once at its start, sends all
 * its probes together on a small pool (so one slow endpoint costs the round at most the timeout,
 * not the others' answers), and is judged when all have answered or timed out. Each answer keeps
 * its interval [sent, received] and the node the answer names (not the node whose address was
 * probed: a guest says where it runs).
 *
 * <h2>What counts as "answered on two nodes at once"</h2>
 * An answer proves only that its guest was up at <em>some</em> instant within [sent, received].
 * Two answers from nodes A and B prove A up at tA and B up at tB, never at the same instant: the
 * guest may have stopped on A just after tA and started on B just before tB. No polling can prove
 * true simultaneity; what it can prove is that if the guest moved, the move (A down, B up) took
 * less than |tA − tB| ≤ max(received) − min(sent). So the claim is made only when that bound is
 * small, and it is reported with it:
 * <ul>
 *   <li>a violation is two different nodes answering for one sid <em>in the same round</em> with
 *       <em>overlapping</em> intervals (both requests outstanding at one instant). The bound is
 *       then at most the two round trips, never more than twice the timeout (~ms on a LAN);</li>
 *   <li>answers of different rounds are never paired: their bound is an interval or more, and a
 *       clean relocation may legitimately be that fast. They show as a handoff in the timeline.</li>
 * </ul>
 * HA moves a guest only after fencing its old node (seconds) or after the old copy stopped and a
 * manager round passed, so no correct handoff fits in two round trips: a violation means both
 * copies ran together. Conversely the check may miss an overlap shorter than a round; with rounds
 * of 50 ms against failovers of seconds, a real split brain lasts many rounds and is caught.
 *
 * <h2>Records</h2>
 * Per sid: the timeline of which nodes answered, the last node that answered, answers per node,
 * violations with their times, and for each {@link #mark mark} the first answer of every node
 * sent after it (failover time: mark the fault, then wait for an answer from elsewhere). All
 * methods are thread-safe; times in the report are RFC 3339 plus milliseconds since start.
 */
public final class GuestProber implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    /** Threads are cheap but not free; past this many endpoints probes run in waves. */
    private static final int MAX_POOL = 64;
    /** Beyond the probes' own deadline, for thread scheduling before a late probe is written off. */
    private static final long COLLECT_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final List<GuestEndpoint> endpoints;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long collectNanos;
    private final Map<String, SidTrack> tracks = new TreeMap<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ExecutorService pool;
    private final Thread roundThread;
    private ProbeClock clock; // null until started
    private long rounds;

    public GuestProber(List<GuestEndpoint> endpoints) {
        this(endpoints, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
    }

    public GuestProber(List<GuestEndpoint> endpoints, Duration interval, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("nothing to probe: no endpoints");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive, got " + interval + " and " + timeout);
        }
        this.endpoints = List.copyOf(endpoints);
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        int poolSize = Math.min(this.endpoints.size(), MAX_POOL);
        int waves = (this.endpoints.size() + poolSize - 1) / poolSize;
        this.collectNanos = waves * timeoutNanos + COLLECT_SLACK_NANOS;
        this.endpoints.forEach(e -> tracks.computeIfAbsent(e.sid(), SidTrack::new));
        this.pool = Executors.newFixedThreadPool(poolSize, daemonThreads("guest-probe"));
        this.roundThread = daemonThreads("guest-prober").newThread(this::runRounds);
        warmUp();
    }

    /**
     * Loads the JSON classes before the first round: in a fresh JVM that takes longer than a probe's
     * timeout, and would make the first answers look missing.
     */
    private static void warmUp() {
        GuestIdentity.parse(GuestIdentity.ofThisProcess("vm:100", "warm-up").toJson());
    }

    /** Starts the rounds; a prober runs once (start, then stop). */
    public synchronized void start() {
        if (clock != null) {
            throw new IllegalStateException("the prober was started already");
        }
        clock = ProbeClock.now();
        roundThread.start();
    }

    /** Stops after the round in progress; idempotent. The records stay readable. */
    public void stop() {
        stopRequested.countDown();
        try {
            if (roundThread.isAlive()) {
                roundThread.join(TimeUnit.NANOSECONDS.toMillis(collectNanos + intervalNanos) + 5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller is being stopped itself; the round thread is a daemon
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Takes a mark now (a fault injected, say); from then on the first answer of each node is kept for it. */
    public synchronized ProbeMark mark(String label) {
        if (clock == null) {
            throw new IllegalStateException("start the prober before taking marks");
        }
        ProbeMark mark = new ProbeMark(label, System.nanoTime());
        tracks.values().forEach(track -> track.addMark(mark));
        return mark;
    }

    /** The first answer for {@code sid} sent at or after the mark, from any node. */
    public synchronized Optional<ProbeAnswer> firstAnswerAfter(String sid, ProbeMark mark) {
        return track(sid).firstAnswerAfter(mark, null);
    }

    /** As {@link #firstAnswerAfter(String, ProbeMark)} from a node other than {@code otherThanNode}: "answering elsewhere". */
    public synchronized Optional<ProbeAnswer> firstAnswerAfter(String sid, ProbeMark mark, String otherThanNode) {
        return track(sid).firstAnswerAfter(mark, otherThanNode);
    }

    /** The node of the latest answer for {@code sid}, empty while none answered. */
    public synchronized Optional<String> lastNode(String sid) {
        return track(sid).lastNode();
    }

    /** Violations of every sid (the first {@value SidTrack#MAX_VIOLATIONS_KEPT} of each). */
    public synchronized List<ProbeViolation> violations() {
        return tracks.values().stream().flatMap(track -> track.violations().stream()).toList();
    }

    public synchronized long rounds() {
        return rounds;
    }

    /** A snapshot; may be taken while running. */
    public synchronized GuestProbeReport report() {
        if (clock == null) {
            throw new IllegalStateException("the prober was not started");
        }
        Map<String, SidSummary> sids = new TreeMap<>();
        tracks.forEach((sid, track) -> sids.put(sid, track.summary()));
        return new GuestProbeReport(clock, rounds, sids);
    }

    private SidTrack track(String sid) {
        SidTrack track = tracks.get(sid);
        if (track == null) {
            throw new IllegalArgumentException("no endpoint probes " + sid + "; probed: " + tracks.keySet());
        }
        return track;
    }

    private void runRounds() {
        long next = System.nanoTime();
        try {
            for (long round = 1; stopRequested.getCount() > 0; round++) {
                runRound(round);
                // fixed rate, but a round that overran starts the next at once rather than a burst
                next = Math.max(next + intervalNanos, System.nanoTime());
                stopRequested.await(next - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() gave up waiting; end quietly
        }
    }

    private void runRound(long round) throws InterruptedException {
        long start = System.nanoTime();
        List<Future<ProbeAnswer>> probes = new ArrayList<>();
        for (GuestEndpoint endpoint : endpoints) {
            probes.add(pool.submit(() -> HealthProbe.probe(endpoint, round, timeoutNanos)));
        }
        List<ProbeAnswer> answers = collect(probes, start + collectNanos);
        long end = System.nanoTime();
        Map<String, List<ProbeAnswer>> bySid = answers.stream().collect(Collectors.groupingBy(ProbeAnswer::sid));
        synchronized (this) {
            rounds = round;
            tracks.forEach((sid, track) -> track.record(round, start, end, bySid.getOrDefault(sid, List.of())));
        }
    }

    /** The answers in by the deadline; a probe still running then is written off as no answer. */
    private static List<ProbeAnswer> collect(List<Future<ProbeAnswer>> probes, long deadline) throws InterruptedException {
        List<ProbeAnswer> answers = new ArrayList<>();
        for (Future<ProbeAnswer> probe : probes) {
            try {
                ProbeAnswer answer = probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer != null) {
                    answers.add(answer);
                }
            } catch (TimeoutException | ExecutionException e) {
                probe.cancel(true);
            }
        }
        return answers;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
