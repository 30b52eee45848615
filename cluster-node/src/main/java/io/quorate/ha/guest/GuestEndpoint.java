package io.quorate.ha.guest;

import io.quorate.ha.config.ResourceId;
import io.quorate.runtime.HostPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the copy of guest {@code sid} on {@code node} would answer, if it ran there.
 *
 * @param sid the guest's resource id, e.g. {@code vm:101}
 * @param node the node whose address this is (the answer names the node the guest claims; see {@link ProbeAnswer})
 * @param address the guest's HTTP address on that node
 */
public record GuestEndpoint(String sid, String node, HostPort address) {
    public GuestEndpoint {
        sid = ResourceId.parse(Objects.requireNonNull(sid, "sid")).toString();
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(address, "address");
    }

    /** One endpoint per node for one sid, in the map's order. */
    public static List<GuestEndpoint> forNodes(String sid, Map<String, HostPort> addressByNode) {
        return addressByNode.entrySet().stream().map(e -> new GuestEndpoint(sid, e.getKey(), e.getValue())).toList();
    }

    @Override
    public String toString() {
        return sid + "@" + node + " (" + address + ")";
    }
}
