package io.quorate.cli;

import io.quorate.api.FaultsJson;
import io.quorate.runtime.NodeFaults;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "faults", mixinStandardHelpOptions = true,
        description = {"Show, inject or lift faults on a running node, for chaos tests (this kernel has no netem, and"
                + " network namespaces share the host's clock): a delay plus uniform random jitter on every outgoing"
                + " cluster packet (UDP heartbeats and membership, stream-link frames of the config log), and a step of"
                + " the node's clock. Each call with fault options replaces what is in force; without options it shows it.",
                "Times and clock offsets are in milliseconds in the JSON form."})
final class NodeFaultsCommand extends NodeCliCommand {
    @Option(names = "--latency", paramLabel = "DURATION", converter = DurationMillisConverter.class,
            description = "Delay every outgoing cluster packet this long (e.g. 200ms).")
    Long latencyMs;

    @Option(names = "--jitter", paramLabel = "DURATION", converter = DurationMillisConverter.class,
            description = "Add a uniform random 0..DURATION to each packet's delay; datagrams may be reordered, stream frames"
                    + " keep their order.")
    Long jitterMs;

    @Option(names = "--jitter-seed", paramLabel = "N", description = "Seed of the jitter's generator (default: the node picks"
            + " one and shows it).")
    Long jitterSeed;

    @Option(names = "--clock-offset", paramLabel = "DURATION", converter = SignedDurationMillisConverter.class,
            description = "Step the node's wall clock by this much, e.g. -2s or +3s (event times, hybrid clock, status times;"
                    + " as on a real host, its monotonic time — timeouts, lock expiry — does not move).")
    Long clockOffsetMs;

    @Option(names = "--clear", description = "Lift every fault.")
    boolean clear;

    @Override
    public Integer call() {
        boolean setting = latencyMs != null || jitterMs != null || jitterSeed != null || clockOffsetMs != null;
        if (clear && setting) {
            throw new CliException("--clear lifts every fault: give it without --latency, --jitter, --jitter-seed or"
                    + " --clock-offset", 2);
        }
        JsonObject data = clear ? NodeFaultsClient.call(dir.path(), "DELETE", null)
                : setting ? NodeFaultsClient.call(dir.path(), "PUT", body()) : NodeFaultsClient.call(dir.path(), "GET", null);
        NodeFaults faults = FaultsJson.fromResponse(data);
        print(data::encodePrettily, () -> "node " + data.getString("node") + ", its time " + data.getString("node_time") + "\n"
                + describe(faults));
        return 0;
    }

    private JsonObject body() {
        JsonObject body = new JsonObject();
        putIfGiven(body, FaultsJson.DELAY, latencyMs);
        putIfGiven(body, FaultsJson.JITTER, jitterMs);
        putIfGiven(body, FaultsJson.JITTER_SEED, jitterSeed);
        putIfGiven(body, FaultsJson.CLOCK_OFFSET, clockOffsetMs);
        return body;
    }

    private static void putIfGiven(JsonObject body, String field, Long value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    static String describe(NodeFaults faults) {
        if (!faults.active()) {
            return "no faults injected\n";
        }
        return "outgoing cluster packets delayed: " + faults.delayMs() + " ms + 0.." + faults.jitterMs() + " ms jitter (seed "
                + faults.jitterSeed() + ")\nclock offset: " + faults.clockOffsetMs() + " ms\n";
    }
}
