package io.quorate.ha.state;

import io.quorate.ha.core.LrmReport;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code nodes/<node>/lrm_status} in pve-ha-manager's JSON shape: {@code state}, {@code mode},
 * {@code results} (per command uid: {@code sid} and {@code exit_code}) and {@code timestamp}.
 */
public final class LrmStatusJson {
    private LrmStatusJson() {
    }

    /** {@code sids} maps each result's uid to the service it was for (Proxmox records both). */
    public static byte[] encode(LrmReport report, Map<String, String> sids, long timestampSeconds) {
        JsonObject results = new JsonObject();
        report.results().forEach((uid, code) -> results.put(uid, new JsonObject().put("sid", sids.getOrDefault(uid, ""))
                .put("exit_code", code)));
        return new JsonObject().put("state", report.state()).put("mode", report.mode()).put("results", results)
                .put("timestamp", timestampSeconds).encodePrettily().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static LrmReport decode(String node, byte[] content) {
        String file = HaPaths.lrmStatus(node);
        JsonObject json;
        try {
            json = new JsonObject(new String(content, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage());
        }
        try {
            Map<String, Integer> results = new TreeMap<>();
            for (Map.Entry<String, Object> result : json.getJsonObject("results", new JsonObject())) {
                if (!(result.getValue() instanceof JsonObject fields) || fields.getInteger("exit_code") == null) {
                    throw new IllegalArgumentException("results." + result.getKey() + " lacks exit_code");
                }
                results.put(result.getKey(), fields.getInteger("exit_code"));
            }
            return new LrmReport(json.getString("state", "wait_for_agent_lock"), json.getString("mode", LrmReport.MODE_ACTIVE),
                    results);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }
}
