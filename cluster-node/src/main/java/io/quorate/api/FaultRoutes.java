package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.quorate.events.replay.Rfc3339;
import io.quorate.runtime.NodeFaults;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code /api2/json/nodes/{node}/faults}: the faults a chaos runner injects into this live node
 * ({@link NodeFaults}: outgoing packet delay and jitter, clock offset). GET shows them with the
 * node's time as its services see it; PUT replaces them (absent fields are 0; without
 * {@code jitter_seed} the node picks one and says which); DELETE lifts them. Changing them takes
 * the admin token (the API refuses the read-only one on anything but GET).
 */
public final class FaultRoutes implements ApiRoutes {
    private static final String PATH = "/api2/json/nodes/:node/faults";

    private final NodeRuntime runtime;

    public FaultRoutes(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(context -> {
            if (isThisNode(context)) {
                reply(context, runtime.faults());
            }
        });
        router.put(PATH).handler(this::put);
        router.delete(PATH).handler(context -> {
            if (isThisNode(context)) {
                inject(context, NodeFaults.NONE);
            }
        });
    }

    private void put(RoutingContext context) {
        if (!isThisNode(context)) {
            return;
        }
        JsonObject body = ApiBodies.jsonBody(context);
        if (body == null) {
            return;
        }
        Map<String, String> problems = new LinkedHashMap<>();
        body.fieldNames().stream().filter(field -> !FaultsJson.SETTABLE.contains(field)).sorted()
                .forEach(field -> problems.put(field, "unknown property; the faults are " + String.join(", ", FaultsJson.SETTABLE)));
        Map<String, Long> values = new HashMap<>();
        for (String field : FaultsJson.SETTABLE) {
            Object value = body.getValue(field);
            if (value != null) {
                Long whole = ApiBodies.wholeNumber(value);
                if (whole == null) {
                    problems.put(field, ApiBodies.typeCheckFailed(value));
                } else {
                    values.put(field, whole);
                }
            }
        }
        long delay = values.getOrDefault(FaultsJson.DELAY, 0L);
        long jitter = values.getOrDefault(FaultsJson.JITTER, 0L);
        long offset = values.getOrDefault(FaultsJson.CLOCK_OFFSET, 0L);
        NodeFaults.problems(delay, jitter, offset).forEach(problems::putIfAbsent);
        if (!problems.isEmpty()) {
            JsonObject errors = new JsonObject();
            problems.forEach(errors::put);
            ApiReply.error(context, 400, "parameter verification failed", errors);
            return;
        }
        long seed = values.containsKey(FaultsJson.JITTER_SEED) ? values.get(FaultsJson.JITTER_SEED)
                : ThreadLocalRandom.current().nextLong();
        inject(context, new NodeFaults(delay, jitter, seed, offset));
    }

    private void inject(RoutingContext context, NodeFaults faults) {
        runtime.injectFaults(faults).onComplete(done -> {
            if (done.failed()) {
                ApiReply.error(context, 500, "faults not applied: " + done.cause().getMessage());
            } else {
                reply(context, done.result());
            }
        });
    }

    private void reply(RoutingContext context, NodeFaults faults) {
        ApiReply.data(context, FaultsJson.response(faults).put("node", runtime.node().nodeName())
                .put("node_time", Rfc3339.format(Instant.ofEpochMilli(runtime.clock().wallMs()))));
    }

    /** Faults are per node and this API sets only its own (no proxying to other nodes, unlike Proxmox). */
    private boolean isThisNode(RoutingContext context) {
        String asked = context.pathParam("node");
        String self = runtime.node().nodeName();
        if (asked.equals(self)) {
            return true;
        }
        ApiReply.error(context, 400, "this is node '" + self + "'; set the faults of '" + asked + "' through its own API",
                new JsonObject().put("node", "not this node"));
        return false;
    }
}
