package io.quorate.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client history of a run, Jepsen style: every operation's invocation and its completion
 * (ok, fail, or unknown when no answer came), with the global version it reflects.
 */
final class ConfigHistory {
    enum Kind { WRITE, REMOVE, READ, ACQUIRE, RENEW, RELEASE, GUARDED_WRITE }

    enum Result { PENDING, OK, FAIL, UNKNOWN }

    static final class Op {
        final long id;
        final int node;
        final Kind kind;
        final String path;
        final String value;
        final long invokedAt;
        long completedAt = Long.MAX_VALUE;
        Result result = Result.PENDING;
        long version;
        long epoch;
        String readValue;
        String failure;

        Op(long id, int node, Kind kind, String path, String value, long invokedAt) {
            this.id = id;
            this.node = node;
            this.kind = kind;
            this.path = path;
            this.value = value;
            this.invokedAt = invokedAt;
        }

        boolean changesTree() {
            return kind != Kind.READ;
        }

        @Override
        public String toString() {
            return String.format("op %d n%d %s %s%s invoked %s -> %s%s", id, node, kind, path,
                    value == null ? "" : "=" + value, Simulation.seconds(invokedAt), result,
                    result == Result.OK ? " @v" + version + (readValue != null ? " read " + readValue : "")
                            + (epoch != 0 ? " epoch " + epoch : "")
                            : failure == null ? "" : " (" + failure + ")");
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Op> byId = new HashMap<>();

    Op invoke(int node, Kind kind, String path, String value, long now) {
        Op op = new Op(ops.size() + 1, node, kind, path, value, now);
        ops.add(op);
        byId.put(op.id, op);
        return op;
    }

    Op get(long id) {
        return byId.get(id);
    }

    List<Op> ops() {
        return ops;
    }

    /** Operations still waiting when their node crashed or the run ended are unknown. */
    void abandon(int node) {
        for (Op op : ops) {
            if (op.node == node && op.result == Result.PENDING) {
                op.result = Result.UNKNOWN;
                op.failure = "node crashed before answering";
            }
        }
    }

    long count(Result result) {
        return ops.stream().filter(op -> op.result == result).count();
    }
}
