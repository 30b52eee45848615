package io.quorate.chaos.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of an experiment's method or rollbacks. Faults are written to the run's journal before
 * they are applied and healed at the end of the run whatever happens; {@link Heal} heals earlier.
 * Every action may carry a {@code name} so that a later {@code heal} can refer to it.
 */
public sealed interface Action permits Action.Process, Action.Partition, Action.Loss, Action.Bandwidth, Action.Latency,
        Action.Power, Action.ClockOffset, Action.Wait, Action.Heal {
    /** The action's name in the file, if it has one. */
    Optional<String> name();

    /** The key that introduces the action in the file ({@code kill}, {@code partition}, ...). */
    String kind();

    /** Signals sent by the process actions, as Jepsen's nemesis names them. */
    enum Signal {
        /** {@code kill}: SIGKILL. */
        KILL("kill", "SIGKILL"),
        /** {@code stop}: SIGTERM, a clean shutdown ({@code systemctl stop}). */
        STOP("stop", "SIGTERM"),
        /** {@code pause}: SIGSTOP. */
        PAUSE("pause", "SIGSTOP"),
        /** {@code resume}: SIGCONT. */
        RESUME("resume", "SIGCONT");

        private final String text;
        private final String signal;

        Signal(String text, String signal) {
            this.text = text;
            this.signal = signal;
        }

        public String text() {
            return text;
        }

        public String signalName() {
            return signal;
        }
    }

    /** What a process action hits. */
    enum Scope {
        /** The whole node: supervisor, cluster services and guests. */
        NODE("node"),
        /** The node's cluster services only (corosync and pmxcfs in Proxmox terms); the host stays up. */
        SERVICES("services"),
        /** One guest's process, wherever it runs. */
        GUEST("guest");

        private final String text;

        Scope(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * {@code kill|stop|pause|resume: node|services|guest}.
     *
     * @param target the node, for the scopes {@code node} and {@code services}
     * @param guest  the guest, for the scope {@code guest}
     */
    record Process(Optional<String> name, Signal signal, Scope scope, Optional<Selector> target, Optional<ResourceId> guest)
            implements Action {
        @Override
        public String kind() {
            return signal.text();
        }
    }

    /** Partition shapes, in Jepsen's vocabulary. */
    enum PartitionMode {
        /** The target node against all others. */
        ISOLATE("isolate"),
        /** A seeded random split into two halves (the smaller half has floor(N/2) nodes). */
        RANDOM_HALVES("random-halves"),
        /** A minority (given, or grown around the target, or random) against the majority. */
        MAJORITY_MINORITY("majority-minority"),
        /** Two halves, with one node (the target, or random) that still talks to both. */
        BRIDGE("bridge"),
        /** Every node talks to its ring neighbours only: each sees a majority, no two see the same one. */
        RING("ring");

        private final String text;

        PartitionMode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Which way packets are dropped. */
    enum Direction {
        /** Packets leaving the target side are dropped; packets to it still arrive. */
        ONE_WAY("one-way"),
        /** No packets cross the cut either way. */
        BOTH("both");

        private final String text;

        Direction(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * {@code partition: MODE} on the cluster network (the management network with the BMCs stays up).
     *
     * @param target   isolate: the isolated node; majority-minority: a node put in the minority; bridge: the bridge node
     * @param minority majority-minority only: the minority's node names, as an alternative to {@code target}
     */
    record Partition(Optional<String> name, PartitionMode mode, Optional<Selector> target, List<String> minority, Direction direction)
            implements Action {
        public Partition {
            minority = List.copyOf(minority);
        }

        @Override
        public String kind() {
            return "partition";
        }
    }

    /** {@code loss: 30%}: random packet drop on the target's cluster link (every node when no target). */
    record Loss(Optional<String> name, double percent, Optional<Selector> target) implements Action {
        @Override
        public String kind() {
            return "loss";
        }
    }

    /** {@code bandwidth: 256kbit}: a token-bucket cap on the target's cluster link (every node when no target). */
    record Bandwidth(Optional<String> name, long bitsPerSecond, String rate, Optional<Selector> target) implements Action {
        @Override
        public String kind() {
            return "bandwidth";
        }
    }

    /** {@code latency: 200ms} (optional {@code jitter}, which also reorders), added at the node transport's boundary. */
    record Latency(Optional<String> name, Duration delay, Duration jitter, Optional<Selector> target) implements Action {
        @Override
        public String kind() {
            return "latency";
        }
    }

    /** IPMI chassis power commands, as fence_ipmilan sends them. */
    enum PowerOp {
        OFF("off"), ON("on"), CYCLE("cycle"), RESET("reset");

        private final String text;

        PowerOp(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** {@code power: off|on|cycle|reset} over IPMI-over-LAN, with the power status read back. */
    record Power(Optional<String> name, PowerOp op, Selector target) implements Action {
        @Override
        public String kind() {
            return "power";
        }
    }

    /** {@code clock-offset: -2s}: shift the target node's injected clock. */
    record ClockOffset(Optional<String> name, Duration offset, Selector target) implements Action {
        @Override
        public String kind() {
            return "clock-offset";
        }
    }

    /** {@code wait: 15s}. */
    record Wait(Optional<String> name, Duration duration) implements Action {
        @Override
        public String kind() {
            return "wait";
        }
    }

    /**
     * {@code heal: NAME} heals the named fault; {@code heal: all} heals every fault applied so far, last first
     * (power on, resume, restart, remove the cuts, caps and offsets).
     *
     * @param fault the named fault; empty for {@code all}
     */
    record Heal(Optional<String> name, Optional<String> fault) implements Action {
        @Override
        public String kind() {
            return "heal";
        }
    }
}
