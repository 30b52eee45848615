package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Action;
import io.quorate.chaos.experiment.Selector;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.run.FaultRecord.Heal;
import io.quorate.chaos.run.FaultRecord.HealKind;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.lab.HaHost;
import io.quorate.lab.NetnsLab;
import io.quorate.runtime.Poll;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Turns an experiment's fault actions into what the lab does: signals to a host's processes,
 * nftables cuts and loss, tc caps, IPMI chassis commands over the management network, the node's own
 * latency and clock faults. {@link #plan} resolves selectors and says how to heal without touching
 * anything, so the journal can record the fault before {@link Planned#apply()} runs it. {@link #heal}
 * works from a {@link FaultRecord} alone, also one a killed runner left behind.
 */
final class FaultInjector {
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);
    private static final Duration POWER_READ_BACK = Duration.ofSeconds(20);

    private final ChaosLab lab;
    private final SelectorResolver selectors;
    private final Random random;
    private final NodeFaultControl nodeFaults;
    private final IpmiFencer ipmi = new IpmiFencer(Duration.ofSeconds(5), POWER_READ_BACK);

    FaultInjector(ChaosLab lab, SelectorResolver selectors, Random random, NodeFaultControl nodeFaults) {
        this.lab = lab;
        this.selectors = selectors;
        this.random = random;
        this.nodeFaults = nodeFaults;
    }

    /** A fault ready to apply. */
    interface Planned {
        FaultRecord record();

        void apply() throws Exception;
    }

    private record Plan(FaultRecord record, Step step) implements Planned {
        @Override
        public void apply() throws Exception {
            step.run();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    Planned plan(Action action, int id) {
        String name = action.name().orElse("");
        if (action instanceof Action.Process process) {
            return process(process, id, name);
        }
        if (action instanceof Action.Partition partition) {
            namespaces(action.kind());
            partition.minority().stream().filter(n -> !lab.nodeNames().contains(n)).findFirst().ifPresent(unknown -> {
                throw new FaultException("minority names " + unknown + ", which is not in the lab (" + String.join(", ", lab.nodeNames()) + ")");
            });
            String target = partition.target().map(selectors::resolve).orElse(null);
            List<PartitionPlan.Cut> cuts = PartitionPlan.cuts(partition.mode(), lab.nodeNames(), target, partition.minority(),
                    partition.direction(), random);
            List<List<String>> pairs = cuts.stream().map(c -> List.of(c.from(), c.to())).toList();
            String summary = "partition " + partition.mode().text() + " (" + partition.direction().text() + ")"
                    + (target == null ? "" : " around " + target) + ": " + describe(cuts);
            FaultRecord record = new FaultRecord(id, name, action.kind(), summary, nodesOf(cuts), new Heal(HealKind.UNCUT, pairs, null));
            NetnsLab network = namespaces(action.kind());
            return new Plan(record, () -> cuts.forEach(c -> network.cut(lab.index(c.from()), lab.index(c.to()))));
        }
        if (action instanceof Action.Loss loss) {
            List<String> nodes = targets(loss.target());
            int percent = (int) Math.max(1, Math.round(loss.percent()));
            FaultRecord record = new FaultRecord(id, name, action.kind(), percent + "% loss on " + String.join(", ", nodes), nodes,
                    Heal.of(HealKind.CLEAR_LOSS));
            NetnsLab network = namespaces(action.kind());
            return new Plan(record, () -> nodes.forEach(n -> network.loss(lab.index(n), percent)));
        }
        if (action instanceof Action.Bandwidth bandwidth) {
            List<String> nodes = targets(bandwidth.target());
            FaultRecord record = new FaultRecord(id, name, action.kind(), "bandwidth " + bandwidth.rate() + " on " + String.join(", ", nodes),
                    nodes, Heal.of(HealKind.CLEAR_BANDWIDTH));
            NetnsLab network = namespaces(action.kind());
            return new Plan(record, () -> nodes.forEach(n -> network.bandwidth(lab.index(n), bandwidth.rate())));
        }
        if (action instanceof Action.Latency latency) {
            List<String> nodes = targets(latency.target());
            FaultRecord record = new FaultRecord(id, name, action.kind(), "latency " + latency.delay().toMillis() + " ms ± "
                    + latency.jitter().toMillis() + " ms on " + String.join(", ", nodes), nodes, Heal.of(HealKind.CLEAR_LATENCY));
            return new Plan(record, () -> nodes.forEach(n -> nodeFaults.latency(n, latency.delay().toMillis(), latency.jitter().toMillis())));
        }
        if (action instanceof Action.ClockOffset offset) {
            String node = selectors.resolve(offset.target());
            FaultRecord record = new FaultRecord(id, name, action.kind(), "clock offset " + offset.offset().toMillis() + " ms on " + node
                    + " (" + offset.target() + ")", List.of(node), Heal.of(HealKind.CLEAR_CLOCK_OFFSET));
            return new Plan(record, () -> nodeFaults.clockOffset(node, offset.offset().toMillis()));
        }
        if (action instanceof Action.Power power) {
            String node = selectors.resolve(power.target());
            Heal heal = Heal.of(power.op() == Action.PowerOp.ON ? HealKind.NOTHING : HealKind.POWER_ON);
            FaultRecord record = new FaultRecord(id, name, action.kind(), "power " + power.op().text() + " " + node + " (" + power.target()
                    + ") over IPMI", List.of(node), heal);
            return new Plan(record, () -> power(power.op(), node));
        }
        throw new IllegalArgumentException("not a fault: " + action.kind());
    }

    private Planned process(Action.Process process, int id, String name) {
        Action.Signal signal = process.signal();
        if (process.scope() == Action.Scope.GUEST) {
            String sid = process.guest().orElseThrow().toString();
            GuestProcesses.Found guest = GuestProcesses.find(lab, sid)
                    .orElseThrow(() -> new FaultException("no process of guest " + sid + " runs in the lab"));
            Heal heal = signal == Action.Signal.PAUSE ? new Heal(HealKind.RESUME_GUEST, List.of(), sid) : Heal.of(HealKind.NOTHING);
            FaultRecord record = new FaultRecord(id, name, process.kind(), signal.text() + " guest " + sid + " on " + guest.node()
                    + " (" + signal.signalName() + ")", List.of(guest.node()), heal);
            return new Plan(record, () -> GuestProcesses.signal(guest, unixSignal(signal)));
        }
        String node = selectors.resolve(process.target().orElseThrow());
        HaHost host = lab.host(node);
        boolean wholeHost = process.scope() == Action.Scope.NODE;
        if (signal != Action.Signal.RESUME && (wholeHost ? !host.running() : !host.nodeAlive())) {
            throw new FaultException(node + " is not running: nothing to " + signal.text());
        }
        HealKind heal = switch (signal) {
            case KILL, STOP -> HealKind.RESTART_HOST;
            case PAUSE -> HealKind.RESUME_HOST;
            case RESUME -> HealKind.NOTHING;
        };
        String what = wholeHost ? "node " + node + " (supervisor, services, guests)" : "cluster services of " + node;
        FaultRecord record = new FaultRecord(id, name, process.kind(), signal.text() + " " + what + " (" + signal.signalName() + ", "
                + process.target().orElseThrow() + ")", List.of(node), Heal.of(heal));
        return new Plan(record, () -> {
            if (wholeHost && signal == Action.Signal.STOP) {
                host.stop(STOP_PATIENCE);
            } else if (wholeHost) {
                host.signalHost(unixSignal(signal));
            } else {
                host.signalNode(unixSignal(signal));
            }
        });
    }

    /** Undoes {@code fault}; safe to repeat (each heal checks first whether there is anything to undo). */
    void heal(FaultRecord fault) throws IOException, InterruptedException {
        switch (fault.heal().kind()) {
            case RESTART_HOST -> {
                for (String node : fault.nodes()) {
                    restartHost(node);
                }
            }
            case RESUME_HOST -> {
                for (String node : fault.nodes()) {
                    lab.host(node).signalHost("CONT");
                }
            }
            case RESUME_GUEST -> {
                Optional<GuestProcesses.Found> guest = GuestProcesses.find(lab, fault.heal().guest());
                if (guest.isPresent()) {
                    GuestProcesses.signal(guest.get(), "CONT");
                }
            }
            case UNCUT -> lab.network().ifPresent(network ->
                    fault.heal().cuts().forEach(cut -> network.uncut(lab.index(cut.get(0)), lab.index(cut.get(1)))));
            case CLEAR_LOSS -> lab.network().ifPresent(network -> fault.nodes().forEach(n -> network.clearLoss(lab.index(n))));
            case CLEAR_BANDWIDTH -> lab.network().ifPresent(network -> fault.nodes().forEach(n -> network.clearBandwidth(lab.index(n))));
            case POWER_ON -> {
                for (String node : fault.nodes()) {
                    powerOnIfOff(node);
                }
            }
            case CLEAR_LATENCY -> onRunningNodes(fault, nodeFaults::clearLatency);
            case CLEAR_CLOCK_OFFSET -> onRunningNodes(fault, nodeFaults::clearClockOffset);
            case NOTHING -> {
            }
        }
    }

    /** Whether {@code node}'s BMC reads power on (a host powered off stays down until powered on). */
    boolean poweredOn(String node) {
        return !ipmi.powerStatus(lab.bmc(node)).equals("off");
    }

    /**
     * Clears a node's own fault where the node still runs: a node that died (a watchdog reset, a power
     * cut) starts again without it. A node that dies while being asked counts as cleared too.
     */
    private void onRunningNodes(FaultRecord fault, java.util.function.Consumer<String> clear) {
        for (String node : fault.nodes()) {
            HaHost host = lab.host(node);
            if (!host.nodeAlive()) {
                continue;
            }
            try {
                clear.accept(node);
            } catch (FaultException e) {
                if (host.nodeAlive()) {
                    throw e;
                }
            }
        }
    }

    private void restartHost(String node) throws IOException, InterruptedException {
        HaHost host = lab.host(node);
        if ((host.nodeAlive() && host.supervisorExit().isEmpty()) || host.booting()) {
            return;
        }
        boot(node);
    }

    /**
     * Starts a host that is down: through its BMC's power on when it reads off (the master fenced it),
     * so the BMC's power state stays true; else directly, after killing whatever is left of it.
     */
    void boot(String node) throws IOException, InterruptedException {
        if (!poweredOn(node)) {
            powerOn(node);
            return;
        }
        lab.host(node).powerCut(); // whatever is left of it (a supervisor whose node died)
        lab.startHost(node);
    }

    private void power(Action.PowerOp op, String node) throws InterruptedException {
        switch (op) {
            case OFF -> powerOff(node);
            case ON -> powerOn(node);
            case CYCLE, RESET -> {
                powerOff(node);
                powerOn(node);
            }
        }
    }

    private void powerOff(String node) {
        IpmiFencer.Result result = ipmi.powerOff(lab.bmc(node));
        if (!result.poweredOff()) {
            throw new FaultException("power off " + node + " over IPMI: " + result.detail());
        }
    }

    private void powerOn(String node) throws InterruptedException {
        if (!ipmi.powerOn(lab.bmc(node))) {
            throw new FaultException("power on " + node + " over IPMI failed");
        }
        if (!Poll.until(POWER_READ_BACK, Duration.ofMillis(200), () -> ipmi.powerStatus(lab.bmc(node)).equals("on"))) {
            throw new FaultException("power on " + node + ": the BMC does not read back 'on' within " + POWER_READ_BACK.toSeconds() + " s");
        }
    }

    private void powerOnIfOff(String node) throws InterruptedException {
        if (ipmi.powerStatus(lab.bmc(node)).equals("off")) {
            powerOn(node);
        }
    }

    private List<String> targets(Optional<Selector> target) {
        return target.map(s -> List.of(selectors.resolve(s))).orElse(lab.nodeNames());
    }

    /** The lab's namespaces, for the faults that act on its cluster network; a loopback lab has none. */
    private NetnsLab namespaces(String kind) {
        return lab.network().orElseThrow(() -> new FaultException(kind + " needs network namespaces (root, iproute2, nftables);"
                + " this lab runs on loopback"));
    }

    private static String unixSignal(Action.Signal signal) {
        return switch (signal) {
            case KILL -> "KILL";
            case STOP -> "TERM";
            case PAUSE -> "STOP";
            case RESUME -> "CONT";
        };
    }

    private static List<String> nodesOf(List<PartitionPlan.Cut> cuts) {
        List<String> nodes = new ArrayList<>();
        for (PartitionPlan.Cut cut : cuts) {
            if (!nodes.contains(cut.from())) {
                nodes.add(cut.from());
            }
            if (!nodes.contains(cut.to())) {
                nodes.add(cut.to());
            }
        }
        return nodes;
    }

    private static String describe(List<PartitionPlan.Cut> cuts) {
        if (cuts.isEmpty()) {
            return "no cut (every node already talks to every other it may)";
        }
        return String.join(", ", cuts.stream().map(c -> c.from() + "->" + c.to()).toList()) + " dropped";
    }
}
