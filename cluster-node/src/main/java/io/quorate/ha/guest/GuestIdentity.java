package io.quorate.ha.guest;

import io.quorate.ha.config.ResourceId;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a guest says it is: the body of its {@code GET /health} answer,
 * {@code {"sid":"vm:101","node":"node1","pid":1234,"started":"<RFC 3339>"}}.
 *
 * @param sid the guest's HA resource id (a {@code vm:} or {@code ct:} sid)
 * @param node the node it claims to run on
 * @param pid its process id
 * @param started RFC 3339 time it started listening
 */
public record GuestIdentity(String sid, String node, long pid, String started) {
    /** A node name as Proxmox's {@code pve-node}: a DNS label. */
    private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");

    public GuestIdentity {
        Objects.requireNonNull(started, "started");
        ResourceId id = ResourceId.parse(Objects.requireNonNull(sid, "sid"));
        if (!id.isGuest()) {
            throw new IllegalArgumentException("'" + sid + "' is not a guest: expected vm:<vmid> or ct:<vmid>");
        }
        if (node == null || !NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("invalid node name '" + node + "': letters, digits and '-', as a DNS label");
        }
    }

    /** This process as the guest {@code sid} on {@code node}, started now. */
    public static GuestIdentity ofThisProcess(String sid, String node) {
        return new GuestIdentity(sid, node, ProcessHandle.current().pid(), Rfc3339.format(Instant.now()));
    }

    /**
     * Written by hand rather than with Vert.x so the guest JVM (-Xmx32m) never loads a JSON
     * library; every field is validated above, so nothing needs escaping.
     */
    public String toJson() {
        return "{\"sid\":\"" + sid + "\",\"node\":\"" + node + "\",\"pid\":" + pid + ",\"started\":\"" + started + "\"}";
    }

    /** Reads an answer body; throws IllegalArgumentException when it is not a guest's identity. */
    public static GuestIdentity parse(String json) {
        try {
            JsonObject object = new JsonObject(json);
            return new GuestIdentity(object.getString("sid"), object.getString("node"), object.getLong("pid", -1L),
                    object.getString("started", ""));
        } catch (RuntimeException e) { // DecodeException, ClassCastException, the checks above
            throw new IllegalArgumentException("not a guest identity: " + e.getMessage(), e);
        }
    }
}
