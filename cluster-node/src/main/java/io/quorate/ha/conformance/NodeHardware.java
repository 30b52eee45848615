package io.quorate.ha.conformance;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A node's starting hardware from a case's {@code hardware_status}.
 *
 * @param power   {@code on} or {@code off}
 * @param network {@code on} or {@code off}
 * @param raw     the node's whole JSON object, with any further keys the simulator keeps there
 *                ({@code cfs}, {@code shutdown}, …); a copy, so callers may not change the case
 */
public record NodeHardware(String power, String network, JsonObject raw) {

    public NodeHardware {
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(network, "network");
        raw = raw == null ? new JsonObject() : raw.copy();
    }

    public boolean powerOn() {
        return "on".equals(power);
    }

    public boolean networkOn() {
        return "on".equals(network);
    }

    /** Online in the simulator's sense: power and network both on (quorum is decided cluster-wide). */
    public boolean online() {
        return powerOn() && networkOn();
    }

    @Override
    public JsonObject raw() {
        return raw.copy();
    }
}
