package io.quorate.sim;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One fault (or repair) the simulation applies at a point in simulated time. */
public sealed interface SimFault {

    /** Nodes in different groups cannot reach each other, in either direction. */
    record Partition(List<Set<Integer>> groups) implements SimFault {
        @Override
        public String toString() {
            return "partition " + groups.stream().map(SimFault::names).collect(Collectors.joining(" | "));
        }
    }

    /** Messages from {@code from} to {@code to} are dropped (one direction only). */
    record Cut(int from, int to) implements SimFault {
        @Override
        public String toString() {
            return "cut n" + from + " -> n" + to;
        }
    }

    /** Every cut healed, loss and duplication back to zero. */
    record Heal() implements SimFault {
        @Override
        public String toString() {
            return "heal";
        }
    }

    /** The node's process dies: no goodbye, volatile state lost. */
    record Crash(int node) implements SimFault {
        @Override
        public String toString() {
            return "crash n" + node;
        }
    }

    /** A clean stop: the node says goodbye, then is down. */
    record Stop(int node) implements SimFault {
        @Override
        public String toString() {
            return "stop n" + node;
        }
    }

    /** A crashed or stopped node starts again with what it had persisted. */
    record Restart(int node) implements SimFault {
        @Override
        public String toString() {
            return "restart n" + node;
        }
    }

    record Loss(double rate) implements SimFault {
        @Override
        public String toString() {
            return "loss " + Math.round(rate * 100) + "%";
        }
    }

    record Duplicate(double rate) implements SimFault {
        @Override
        public String toString() {
            return "dup " + Math.round(rate * 100) + "%";
        }
    }

    record Delay(long minMs, long maxMs) implements SimFault {
        @Override
        public String toString() {
            return "delay " + minMs + "ms.." + maxMs + "ms";
        }
    }

    /** The admin runs {@code cm expected} on a node (an unsafe override: split-brain checks stop). */
    record Expected(int node, int votes) implements SimFault {
        @Override
        public String toString() {
            return "expected n" + node + " " + votes;
        }
    }

    private static String names(Set<Integer> group) {
        return group.stream().sorted().map(id -> "n" + id).collect(Collectors.joining(","));
    }
}
