package io.quorate.cli;

import io.quorate.api.FaultsJson;
import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeFaults;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads, sets and clears the faults injected into a running node (latency and jitter of its
 * outgoing cluster packets, its clock offset) through its HTTPS API, given the node's directory,
 * as {@code quorate node faults} does: the chaos runner calls this instead of a shell. Setting
 * takes the admin token in the directory. Every method throws {@link CliException} with a one-line
 * reason (node not answering, value refused, ...).
 */
public final class NodeFaultsClient {
    private NodeFaultsClient() {
    }

    /** The faults in force on the node of {@code nodeDir}. */
    public static NodeFaults get(Path nodeDir) {
        return FaultsJson.fromResponse(call(nodeDir, "GET", null));
    }

    /** Replaces the node's faults with {@code faults} (seed included); returns what is then in force. */
    public static NodeFaults set(Path nodeDir, NodeFaults faults) {
        return FaultsJson.fromResponse(call(nodeDir, "PUT", FaultsJson.request(faults)));
    }

    /** Lifts every fault of the node; returns what is then in force ({@link NodeFaults#NONE}). */
    public static NodeFaults clear(Path nodeDir) {
        return FaultsJson.fromResponse(call(nodeDir, "DELETE", null));
    }

    /** One call of the faults API; returns the reply's {@code data} (the faults, the node's name and time). */
    static JsonObject call(Path nodeDir, String method, JsonObject body) {
        return NodeApi.forDir(nodeDir).call(method, path(nodeDir), body).getJsonObject("data");
    }

    /** {@code /api2/json/nodes/<this node's name>/faults}. */
    static String path(Path nodeDir) {
        try {
            return "/api2/json/nodes/" + LocalIdentity.load(nodeDir).nodeName() + "/faults";
        } catch (InvalidNodeDirectoryException e) {
            throw new CliException(e.getMessage());
        } catch (IOException e) {
            throw new CliException("cannot read node directory " + nodeDir + ": " + e.getMessage());
        }
    }
}
