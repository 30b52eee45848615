package io.quorate.cli;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeProvisioner;
import io.quorate.runtime.Secrets;
import io.quorate.tls.CertificateFingerprint;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a new cluster with this node as its first member (pvecm create).",
                "Then run the node with: quorate node run --dir <dir>"})
final class CmCreate implements Callable<Integer> {
    /** Proxmox: cluster names are at most 15 characters of letters, digits and '-'. */
    static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<clustername>")
    String clusterName;

    @Option(names = "--node", required = true, description = "This node's name.")
    String node;

    @Option(names = "--link0", required = true, description = "Cluster link address <ip:port> (UDP).")
    String link0;

    @Option(names = "--api", required = true, description = "HTTPS API address <ip:port>.")
    String api;

    @Option(names = "--token", description = "Token timeout in ms (corosync's totem.token; default 3000).")
    Long tokenMs;

    @Mixin
    NodeDirOption dir;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new CliException("invalid cluster name '" + clusterName + "': 1-15 letters, digits or '-'", 2);
        }
        HostPort apiAddress = CliArguments.hostPort("--api", api);
        CliArguments.hostPort("--link0", link0);
        ClusterConfig config;
        try {
            config = tokenMs == null ? ClusterConfig.create(clusterName, node, link0)
                    : ClusterConfig.create(clusterName, node, link0, tokenMs);
        } catch (ConfigException e) {
            throw new CliException(e.problem(), 2);
        }
        CertificateFingerprint fingerprint;
        try {
            fingerprint = NodeProvisioner.provision(dir.path(), config, Secrets.newAuthkey(), ApiTokens.generate(),
                    new LocalIdentity(node, apiAddress));
        } catch (IOException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(new JsonObject().put("cluster", clusterName).put("node", node).put("nodeid", 1)
                    .put("config_version", config.configVersion()).put("dir", dir.path().toString())
                    .put("api", "https://" + apiAddress).put("fingerprint", fingerprint.toString()).encodePrettily());
        } else {
            out.println("Cluster '" + clusterName + "' created in " + dir.path() + " (node " + node + ", nodeid 1).");
            out.println("API: https://" + apiAddress);
            out.println("fingerprint: " + fingerprint);
            out.println("Start the node with: quorate node run --dir " + dir.path());
        }
        return 0;
    }
}
