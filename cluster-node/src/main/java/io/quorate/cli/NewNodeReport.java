package io.quorate.cli;

import io.quorate.config.ClusterConfig;
import io.quorate.runtime.HostPort;
import io.quorate.tls.CertificateFingerprint;
import io.vertx.core.json.JsonObject;

/** What {@code cm create} and {@code cm add} print about the node directory they filled. */
final class NewNodeReport {
    private NewNodeReport() {
    }

    static void print(NodeCliCommand command, ClusterConfig config, String node, int nodeId, HostPort api,
                      CertificateFingerprint fingerprint) {
        String dir = command.dir.path().toString();
        command.print(() -> new JsonObject().put("cluster", config.clusterName()).put("node", node).put("nodeid", nodeId)
                        .put("config_version", config.configVersion()).put("dir", dir).put("api", "https://" + api)
                        .put("fingerprint", fingerprint.toString()).encodePrettily(),
                () -> "Node " + node + " (nodeid " + nodeId + ") is in cluster '" + config.clusterName()
                        + "', config_version " + config.configVersion() + "; its directory is " + dir + ".\n"
                        + "API: https://" + api + "\n"
                        + "fingerprint: " + fingerprint + "\n"
                        + "Start the node with: quorate node run --dir " + dir + "\n");
    }
}
