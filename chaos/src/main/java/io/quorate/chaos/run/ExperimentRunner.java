package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Action;
import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.experiment.RandomNemesis;
import io.quorate.chaos.experiment.ResourceId;
import io.quorate.chaos.experiment.Slo;
import io.quorate.chaos.experiment.Target;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.ClusterReadiness;
import io.quorate.chaos.lab.LabCluster;
import io.quorate.chaos.lab.LabOptions;
import io.quorate.events.check.Violation;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.Rfc3339;
import io.quorate.ha.guest.GuestProbeReport;
import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeMark;
import io.quorate.ha.guest.ProbeViolation;
import io.quorate.ha.guest.SidSummary;
import io.quorate.ha.guest.TimelineSegment;
import io.quorate.lab.HaHost;
import io.quorate.runtime.Poll;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Runs one experiment, as Chaos Toolkit runs one: bring up (or attach to) a lab; check the steady
 * state (a failure aborts: the system was not steady to begin with); apply the method's faults, each
 * written to the journal before it is applied; run the rollbacks and heal whatever is still in force;
 * wait for the steady state to return; then judge the run from the outside prober and the event
 * history on Kafka (the same fold and checkers as {@code quorate replay}) and write the reports.
 * Every fault is healed whatever happens, also on Ctrl-C (a shutdown hook heals from the journal).
 */
public final class ExperimentRunner {

    /**
     * @param outputDir        where report.json, report.html and (for a new lab) the lab go
     * @param lab              a running lab to use instead of the experiment's target
     * @param seed             for the random selectors and partitions; drawn and reported when empty
     * @param unsafeRecoverWithoutFencing test-only: a new lab's CRM recovers without fencing (proves the split-brain check can fail)
     * @param steadyTimeout    how long the steady state may take to appear before the run (a new lab's guests start)
     * @param convergeTimeout  how long it may take to come back after the heal
     */
    public record Options(Path outputDir, Optional<Path> lab, OptionalLong seed, boolean unsafeRecoverWithoutFencing,
                          Duration steadyTimeout, Duration convergeTimeout, List<String> javaCommand, List<RunListener> listeners,
                          LabOptions.Network network) {
        public Options {
            listeners = List.copyOf(listeners);
        }

        public static Options defaults(Path outputDir) {
            return new Options(outputDir, Optional.empty(), OptionalLong.empty(), false, Duration.ofSeconds(90), Duration.ofSeconds(120),
                    HaHost.javaCommandOfThisJvm(), List.of(), LabOptions.Network.auto);
        }

        public Options withLab(Path dir) {
            return new Options(outputDir, Optional.of(dir), seed, unsafeRecoverWithoutFencing, steadyTimeout, convergeTimeout, javaCommand, listeners, network);
        }

        public Options withSeed(long value) {
            return new Options(outputDir, lab, OptionalLong.of(value), unsafeRecoverWithoutFencing, steadyTimeout, convergeTimeout,
                    javaCommand, listeners, network);
        }

        public Options withUnsafeRecoverWithoutFencing() {
            return new Options(outputDir, lab, seed, true, steadyTimeout, convergeTimeout, javaCommand, listeners, network);
        }

        /** These options, with {@code listener} told of the run too (after the ones given before). */
        public Options withListener(RunListener listener) {
            List<RunListener> more = new ArrayList<>(listeners);
            more.add(listener);
            return new Options(outputDir, lab, seed, unsafeRecoverWithoutFencing, steadyTimeout, convergeTimeout, javaCommand, more, network);
        }

        /** Where a lab the run builds puts its hosts. */
        public Options withNetwork(LabOptions.Network where) {
            return new Options(outputDir, lab, seed, unsafeRecoverWithoutFencing, steadyTimeout, convergeTimeout, javaCommand, listeners,
                    where);
        }

        public Options withTimeouts(Duration steady, Duration converge) {
            return new Options(outputDir, lab, seed, unsafeRecoverWithoutFencing, steady, converge, javaCommand, listeners, network);
        }
    }

    private final Experiment experiment;
    private final Path file;
    private final Options options;
    private final PrintWriter progress;
    private final List<FaultOutcome> outcomes = new ArrayList<>();
    private final Map<Integer, FaultRecord> inForce = new LinkedHashMap<>();
    private final List<String> notApplied = new ArrayList<>();
    private final List<String> workloadSummary = new ArrayList<>();
    private boolean closing;
    private LabLock labLock;
    private ChaosLab lab;
    private Journal journal;
    private FaultInjector injector;
    private GuestProber prober;
    private ProbeMark firstFault;
    private int nextFaultId = 1;

    public ExperimentRunner(Experiment experiment, Path file, Options options, PrintWriter progress) {
        this.experiment = experiment;
        this.file = file;
        this.options = options;
        this.progress = progress;
    }

    /** Runs the experiment and writes {@code report.json} and {@code report.html} in the output directory. */
    public RunReport run() throws IOException, InterruptedException {
        Files.createDirectories(options.outputDir());
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String runId = options.outputDir().getFileName().toString();
        long seed = options.seed().orElse(experiment.random().flatMap(r -> r.seed().isPresent()
                ? Optional.of(r.seed().getAsLong()) : Optional.empty()).orElseGet(() -> new Random().nextLong()));
        Random random = new Random(seed);
        progress.printf("run %s of \"%s\" (seed %d; reproduce with --seed %d)%n", runId, experiment.title(), seed, seed);
        Thread healOnExit = new Thread(this::closeAndHeal, "chaos-run-heal");
        boolean hookAdded = false;
        List<String> guests = experiment.target().guests().stream().map(ResourceId::toString).toList();
        List<ProbeResult> before = List.of();
        List<ProbeResult> after = List.of();
        ReplayReport history = null;
        List<CheckResult> checks = new ArrayList<>();
        List<SloResult> slos = new ArrayList<>();
        Verdict verdict;
        String reason;
        RunReport report = null;
        try {
            try {
                lab = openLab(guests);
                labLock = LabLock.take(lab.dir());
                if (options.lab().isPresent() || experiment.target() instanceof Target.ExistingLab) {
                    healLeftovers(lab);
                }
                journal = Journal.open(lab.dir());
                journal.runStarted(runId);
                // a lab this run built goes away whole at exit (its own hook); one it attached to keeps running, so heal it
                if (options.lab().isPresent() || experiment.target() instanceof Target.ExistingLab) {
                    Runtime.getRuntime().addShutdownHook(healOnExit);
                    hookAdded = true;
                }
                prober = new GuestProber(guests.stream().flatMap(sid -> lab.endpoints(sid).stream()).toList());
                prober.start();
                SelectorResolver selectors = new SelectorResolver(lab, prober, random);
                injector = new FaultInjector(lab, selectors, random, NodeFaultControls.api(lab, random::nextLong));
                EventHistory events = new EventHistory(lab.state().kafka());
                long runSeed = seed;
                notify(l -> l.runStarted(runId, experiment, lab, runSeed));
                ProbeRunner probes = new ProbeRunner(lab, selectors, events, started);

                progress.println("steady state: " + experiment.steadyStateHypothesis().title());
                before = awaitSteadyState(probes, guests, options.steadyTimeout());
                report("before", before);
                if (!allPassed(before)) {
                    verdict = Verdict.aborted;
                    reason = "the steady state did not hold before the method: " + firstFailure(before);
                } else {
                    Optional<String> methodProblem = runActions("method", experiment.method());
                    if (methodProblem.isEmpty() && experiment.random().isPresent()) {
                        runNemesis(experiment.random().get(), seed, guests);
                    }
                    Optional<String> rollbackProblem = runActions("rollbacks", experiment.rollbacks());
                    Optional<String> healProblem = healAll();
                    progress.println("healed; waiting for the steady state to return");
                    after = awaitSteadyState(probes, guests, options.convergeTimeout());
                    report("after", after);
                    history = events.replay(started, Instant.now());
                    checks.addAll(finalChecks(history, guests));
                    GuestProbeReport probeReport = prober.report();
                    long faultNanos = firstFault == null ? System.nanoTime() : firstFault.nanos();
                    for (Slo slo : experiment.slos()) {
                        slos.add(SloJudge.judge(slo, probeReport, faultNanos));
                    }
                    Optional<String> problem = methodProblem.or(() -> rollbackProblem).or(() -> healProblem);
                    Optional<CheckResult> failedCheck = checks.stream().filter(c -> !c.passed()).findFirst();
                    if (failedCheck.isPresent()) {
                        // a broken safety property is a failure even when the run did not go as written
                        verdict = Verdict.failed;
                        reason = "check " + failedCheck.get().name() + " failed: " + failedCheck.get().detail();
                    } else if (problem.isPresent()) {
                        verdict = Verdict.aborted;
                        reason = problem.get();
                    } else if (!allPassed(after)) {
                        verdict = Verdict.failed;
                        reason = "the steady state did not return within " + options.convergeTimeout().toSeconds() + " s: "
                                + firstFailure(after);
                    } else if (slos.stream().anyMatch(s -> !s.met())) {
                        SloResult missed = slos.stream().filter(s -> !s.met()).findFirst().orElseThrow();
                        verdict = Verdict.failed;
                        reason = "SLO '" + missed.slo() + "' missed: " + missed.detail();
                    } else {
                        verdict = Verdict.passed;
                        reason = "steady before and after, every check held" + (slos.isEmpty() ? "" : ", every SLO met");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                verdict = Verdict.aborted;
                reason = "interrupted";
            } catch (Exception e) {
                verdict = Verdict.aborted;
                reason = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                closeAndHeal();
                if (prober != null) {
                    prober.close();
                }
                if (journal != null) {
                    journal.close();
                }
                if (hookAdded) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(healOnExit);
                    } catch (IllegalStateException e) {
                        // exiting: the hook runs anyway
                    }
                }
            }
            report = new RunReport(RunReport.VERSION, experiment.title(), file.toString(), runId, verdict, reason,
                    Rfc3339.format(started), Rfc3339.format(Instant.now()), seed, lab == null ? null : lab.dir().toString(),
                    lab == null ? List.of() : lab.nodeNames(), guests, notApplied, before, after, outcomes, slos, checks,
                    prober == null ? 0 : prober.rounds(), history == null ? 0 : history.folded(), workloadSummary);
            RunReports.write(options.outputDir(), report, history);
            RunReport finished = report;
            notify(l -> l.runFinished(finished));
        } finally {
            if (labLock != null) {
                labLock.close();
            }
            if (lab != null) {
                lab.close(); // removes a lab this run built; leaves one it attached to
            }
        }
        progress.printf("verdict: %s (%s)%nreports: %s, %s%n", report.verdict(), report.reason(),
                options.outputDir().resolve(RunReports.JSON), options.outputDir().resolve(RunReports.HTML));
        return report;
    }

    private ChaosLab openLab(List<String> guests) throws IOException, InterruptedException {
        Optional<Path> existing = options.lab().or(() -> experiment.target() instanceof Target.ExistingLab l
                ? Optional.of(Path.of(l.dir())) : Optional.empty());
        if (existing.isPresent()) {
            ChaosLab attached = ChaosLab.attach(existing.get());
            for (String sid : guests) {
                if (!LabCluster.hasHaResource(attached, sid)) {
                    LabCluster.addHaResource(attached, sid);
                }
            }
            progress.println("lab: " + attached.dir() + " (" + String.join(", ", attached.nodeNames()) + ")");
            return attached;
        }
        Target.NewLab target = (Target.NewLab) experiment.target();
        LabOptions labOptions = LabOptions.of(target.nodes(), target.guests()).withNetwork(options.network());
        if (options.unsafeRecoverWithoutFencing()) {
            labOptions = labOptions.withUnsafeRecoverWithoutFencing();
            progress.println("UNSAFE: the lab's CRM recovers without fencing (test-only switch)");
        }
        return ChaosLab.up(options.outputDir().resolve("lab"), labOptions, options.javaCommand(), progress);
    }

    /**
     * Heals what a killed run left in force on an existing lab, from its journal, newest first. A heal
     * that fails is reported and the rest go on: the steady-state check then says what is still wrong.
     */
    private void healLeftovers(ChaosLab attached) throws IOException, InterruptedException {
        List<Journal.Unhealed> leftovers = Journal.unhealed(attached.dir(), problem -> progress.println("journal: " + problem));
        if (leftovers.isEmpty()) {
            return;
        }
        FaultInjector healer = new FaultInjector(attached, null, new Random(0), NodeFaultControls.api(attached, () -> 0));
        try (Journal old = Journal.open(attached.dir())) {
            for (int i = leftovers.size() - 1; i >= 0; i--) {
                Journal.Unhealed leftover = leftovers.get(i);
                progress.println("healing a fault an earlier run left in force: " + leftover.fault().summary() + " (run "
                        + leftover.run() + ")");
                try {
                    healer.heal(leftover.fault());
                    old.healed(leftover);
                } catch (RuntimeException e) {
                    progress.println("WARNING: cannot heal it: " + e.getMessage() + "; 'quorate lab down' removes everything");
                }
            }
        }
    }

    private List<ProbeResult> awaitSteadyState(ProbeRunner probes, List<String> guests, Duration limit) throws InterruptedException {
        List<List<ProbeResult>> last = new ArrayList<>(List.of(List.of()));
        Poll.until(limit, Duration.ofSeconds(1), () -> {
            rebootResetHosts(); // no fault is in force here: a host that is down is one to bring back
            List<ProbeResult> results = new ArrayList<>(probes.checkAll(experiment.steadyStateHypothesis().probes()));
            results.add(guestsAnswerOnce(guests));
            results.add(converged());
            last.set(0, results);
            // a broken invariant stays broken: the history it was found in only grows
            return allPassed(results) || results.stream().anyMatch(r -> !r.passed() && r.kind().equals("invariant"));
        });
        return last.get(0);
    }

    /**
     * The cluster has converged: every node quorate with every member, config trees current under one
     * leader. Without it a run may start while a node rebooted by the last one is still catching up, and
     * a fault then costs the majority that node was meant to be part of.
     */
    private ProbeResult converged() {
        List<String> problems = ClusterReadiness.problems(lab);
        return new ProbeResult("cluster converged", "cluster", problems.isEmpty(),
                problems.isEmpty() ? "every node quorate with " + lab.nodeNames().size() + " members, config trees current"
                        : String.join("; ", problems));
    }

    /** Every guest answers the outside prober on exactly one node. */
    private ProbeResult guestsAnswerOnce(List<String> guests) {
        GuestProbeReport report = prober.report();
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String sid : guests) {
            SidSummary summary = report.sids().get(sid);
            List<TimelineSegment> timeline = summary == null ? List.of() : summary.timeline();
            List<String> nodes = timeline.isEmpty() ? List.of() : timeline.get(timeline.size() - 1).nodes();
            if (nodes.size() != 1) {
                problems.add(sid + " answers on " + (nodes.isEmpty() ? "no node" : String.join(" and ", nodes)));
            } else {
                seen.add(sid + " on " + nodes.get(0));
            }
        }
        return new ProbeResult("every guest answers on one node", "prober", problems.isEmpty(),
                problems.isEmpty() ? String.join(", ", seen) : String.join("; ", problems));
    }

    /** @return why the actions could not be carried out as written, if so */
    private Optional<String> runActions(String part, List<Action> actions) throws InterruptedException {
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            String where = part + "[" + i + "]";
            if (action instanceof Action.Wait wait) {
                progress.println(where + ": wait " + wait.duration().toMillis() + " ms");
                Thread.sleep(wait.duration().toMillis()); // the experiment's own timeline, not a synchronisation
            } else if (action instanceof Action.Heal heal) {
                Optional<String> problem = heal.fault().isPresent() ? healNamed(heal.fault().get()) : healAll();
                if (problem.isPresent()) {
                    return Optional.of(where + ": " + problem.get());
                }
            } else {
                Optional<String> problem = apply(where, action);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The random phase: the seeded schedule's faults one after another, each healed before the next,
     * with the workload running beside them. A fault that cannot be applied here is reported and skipped.
     */
    private void runNemesis(RandomNemesis nemesis, long seed, List<String> guests) throws InterruptedException {
        List<NemesisSchedule.Step> steps = NemesisSchedule.draw(nemesis, seed, lab.nodeNames().size());
        progress.printf("random nemesis: %d faults over %d s, one every %d ms (seed %d), workload %s%n", steps.size(),
                nemesis.duration().toSeconds(), nemesis.interval().toMillis(), seed,
                nemesis.workload().isEmpty() ? "none" : nemesis.workload().stream().map(RandomNemesis.Workload::text).toList());
        long start = System.nanoTime();
        try (Workload workload = new Workload(lab, guests, seed)) {
            workload.start(nemesis.workload());
            for (int i = 0; i < steps.size(); i++) {
                NemesisSchedule.Step step = steps.get(i);
                sleepUntil(start, step.at());
                String where = "random[" + i + "]";
                Optional<String> problem = apply(where, step.fault());
                if (problem.isPresent()) {
                    progress.println(where + ": skipped: " + problem.get());
                    if (!notApplied.contains(problem.get())) {
                        notApplied.add(problem.get());
                    }
                }
                sleepUntil(start, step.at().plus(step.hold()));
                healNamed(step.fault().name().orElseThrow()).ifPresent(p -> progress.println(where + ": " + p));
                rebootResetHosts();
            }
            sleepUntil(start, nemesis.duration());
            workloadSummary.addAll(workload.summary());
        }
        workloadSummary.forEach(line -> progress.println("workload: " + line));
    }

    private static void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
        long remaining = startNanos + offset.toNanos() - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000)); // the nemesis' own timeline
        }
    }

    private Optional<String> apply(String where, Action action) {
        FaultInjector.Planned planned;
        try {
            planned = injector.plan(action, nextFaultId++);
        } catch (FaultException e) {
            notApplied.add(action.kind() + ": " + e.getMessage());
            return Optional.of(where + ": " + action.kind() + " not applied: " + e.getMessage());
        }
        FaultRecord fault = planned.record();
        synchronized (this) {
            if (closing) {
                return Optional.of(where + ": not applied, the run is stopping");
            }
            try {
                journal.applying(fault);
            } catch (IOException e) {
                return Optional.of(where + ": cannot write the journal, fault not applied: " + e.getMessage());
            }
            inForce.put(fault.id(), fault);
        }
        ProbeMark mark = prober.mark(fault.label());
        if (firstFault == null) {
            firstFault = mark;
        }
        String applied = Rfc3339.format(Instant.now());
        progress.println(where + ": " + fault.summary());
        try {
            planned.apply();
            outcomes.add(new FaultOutcome(fault, applied, null, null));
            notify(l -> l.faultApplied(fault, Instant.parse(applied)));
            return Optional.empty();
        } catch (Exception e) {
            String error = e.getMessage();
            outcomes.add(new FaultOutcome(fault, applied, null, error));
            notify(l -> l.faultFailed(fault, error));
            try {
                journal.failed(fault, error);
            } catch (IOException io) {
                // the heal below and the journal's "applying" line cover it
            }
            return Optional.of(where + ": " + fault.summary() + " failed: " + error);
        }
    }

    private Optional<String> healNamed(String name) {
        List<FaultRecord> matching = inForce.values().stream().filter(f -> f.name().equals(name)).toList();
        for (FaultRecord fault : matching) {
            Optional<String> problem = heal(fault);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * Heals every fault still in force, newest first. An interrupt (Ctrl-C, a scheduler stopping) must
     * not stop the heal — every tool call would fail at once — so it is put aside meanwhile and restored.
     */
    private synchronized Optional<String> healAll() {
        boolean interrupted = Thread.interrupted();
        try {
            List<FaultRecord> faults = new ArrayList<>(inForce.values());
            Optional<String> first = Optional.empty();
            for (int i = faults.size() - 1; i >= 0; i--) {
                Optional<String> problem = heal(faults.get(i));
                first = first.or(() -> problem);
            }
            return first;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized Optional<String> heal(FaultRecord fault) {
        try {
            injector.heal(fault);
            journal.healed(fault);
            inForce.remove(fault.id());
            progress.println("healed " + fault.label() + ": " + fault.summary());
            Instant healed = Instant.now();
            replaceOutcome(fault, Rfc3339.format(healed), null);
            notify(l -> l.faultHealed(fault, healed));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            replaceOutcome(fault, null, "heal failed: " + e.getMessage());
            return Optional.of("heal of " + fault.label() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            return Optional.of("interrupted while healing " + fault.label());
        }
    }

    private void replaceOutcome(FaultRecord fault, String healed, String error) {
        for (int i = 0; i < outcomes.size(); i++) {
            FaultOutcome outcome = outcomes.get(i);
            if (outcome.fault().id() == fault.id()) {
                outcomes.set(i, new FaultOutcome(fault, outcome.applied(), healed, outcome.error() != null ? outcome.error() : error));
            }
        }
    }

    /** No more faults from here on (the run ends, or the process is exiting); heal what is in force. */
    private void closeAndHeal() {
        synchronized (this) {
            closing = true;
        }
        if (injector != null && !inForce.isEmpty()) {
            healAll().ifPresent(problem -> progress.println("WARNING: " + problem + "; 'quorate lab down' removes what is left"));
        }
    }

    /**
     * Brings every host that is down back, once its faults are healed: a watchdog reset reboots a real
     * node, and an admin powers a fenced one on again; a lab host whose watchdog fired just exits, and
     * one the CRM fenced stays powered off. So each is booted (powered on through its BMC if it reads
     * off), and rejoins.
     */
    private void rebootResetHosts() throws InterruptedException {
        for (String node : lab.nodeNames()) {
            HaHost host = lab.host(node);
            if (host.nodeAlive() || host.booting()) {
                continue;
            }
            String why = host.supervisorExit().map(code -> code == 3 ? "its watchdog fired" : "supervisor exit " + code)
                    .orElse(injector.poweredOn(node) ? "not running" : "fenced: powered off");
            progress.println(node + " is down (" + why + "): booting it again, as a reset node reboots or an admin powers a fenced one on");
            try {
                injector.boot(node);
            } catch (IOException | RuntimeException e) {
                progress.println("WARNING: cannot boot " + node + ": " + e.getMessage());
            }
        }
    }

    private List<CheckResult> finalChecks(ReplayReport history, List<String> guests) {
        List<CheckResult> checks = new ArrayList<>();
        List<ProbeViolation> splitBrain = prober.violations();
        GuestProbeReport probeReport = prober.report();
        checks.add(new CheckResult("no_resource_on_two_nodes (outside prober)", splitBrain.isEmpty(),
                splitBrain.isEmpty() ? "no guest answered on two nodes in any of " + prober.rounds() + " rounds"
                        : splitBrain.size() + " round(s) with a guest answering on two nodes at once",
                splitBrain.stream().limit(10).map(v -> v.describe(probeReport.clock())).toList()));
        for (String invariant : history.invariants()) {
            List<Violation> violations = history.violations().stream().filter(v -> v.invariant().equals(invariant)).toList();
            checks.add(new CheckResult(invariant + " (event history)", violations.isEmpty(),
                    violations.isEmpty() ? "held over " + history.folded() + " events"
                            : violations.size() + " violation(s): " + violations.get(0).message(),
                    violations.stream().limit(10).map(v -> v.message() + " " + v.events()).toList()));
        }
        List<String> notBack = new ArrayList<>();
        for (String sid : guests) {
            Optional<String> state = LabCluster.serviceState(lab, sid);
            String requested = LabCluster.requestedState(lab, sid).orElse("started");
            if (!state.equals(Optional.of(requested))) {
                notBack.add(sid + " is " + state.orElse("not in the HA status") + ", requested " + requested);
            }
        }
        checks.add(new CheckResult("every resource back to its requested state", notBack.isEmpty(),
                notBack.isEmpty() ? String.join(", ", guests) + " in their requested states" : String.join("; ", notBack), notBack));
        return checks;
    }

    private void notify(java.util.function.Consumer<RunListener> call) {
        for (RunListener listener : options.listeners()) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                progress.println("WARNING: run listener " + listener.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }

    private void report(String when, List<ProbeResult> results) {
        for (ProbeResult result : results) {
            progress.printf("  %s %s: %s (%s)%n", when, result.name(), result.passed() ? "ok" : "FAILED", result.detail());
        }
    }

    private static boolean allPassed(List<ProbeResult> results) {
        return !results.isEmpty() && results.stream().allMatch(ProbeResult::passed);
    }

    private static String firstFailure(List<ProbeResult> results) {
        return results.stream().filter(r -> !r.passed()).findFirst().map(r -> r.name() + ": " + r.detail()).orElse("no probe ran");
    }
}
