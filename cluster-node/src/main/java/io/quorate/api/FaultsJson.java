package io.quorate.api;

import io.quorate.runtime.NodeFaults;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON form of {@link NodeFaults} in the faults API, shared by the node and its clients. */
public final class FaultsJson {
    public static final String DELAY = "delay_ms";
    public static final String JITTER = "jitter_ms";
    public static final String JITTER_SEED = "jitter_seed";
    public static final String CLOCK_OFFSET = "clock_offset_ms";
    /** The fields a PUT may carry; every one is optional (absent: 0, or a seed the node picks). */
    static final List<String> SETTABLE = List.of(DELAY, JITTER, JITTER_SEED, CLOCK_OFFSET);

    private FaultsJson() {
    }

    /** The body that puts {@code faults} in force. */
    public static JsonObject request(NodeFaults faults) {
        return new JsonObject().put(DELAY, faults.delayMs()).put(JITTER, faults.jitterMs()).put(JITTER_SEED, faults.jitterSeed())
                .put(CLOCK_OFFSET, faults.clockOffsetMs());
    }

    /** What the node answers: the faults in force and whether any is. */
    static JsonObject response(NodeFaults faults) {
        return request(faults).put("active", faults.active());
    }

    /** Reads a response's {@code data}. */
    public static NodeFaults fromResponse(JsonObject data) {
        return new NodeFaults(data.getLong(DELAY, 0L), data.getLong(JITTER, 0L), data.getLong(JITTER_SEED, 0L),
                data.getLong(CLOCK_OFFSET, 0L));
    }
}
