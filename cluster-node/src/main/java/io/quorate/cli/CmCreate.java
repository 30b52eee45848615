package io.quorate.cli;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeProvisioner;
import io.quorate.runtime.Secrets;
import io.quorate.tls.CertificateFingerprint;
import java.io.IOException;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a new cluster with this node as its first member (pvecm create).",
                "Then run the node with: quorate node run --dir <dir>"})
final class CmCreate extends NodeCliCommand {
    /** Proxmox: cluster names are at most 15 characters of letters, digits and '-'. */
    static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}");

    @Parameters(index = "0", paramLabel = "<clustername>")
    String clusterName;

    @Mixin
    NewNodeOptions newNode;

    @Option(names = "--token", description = "Token timeout in ms (corosync's totem.token; default 3000).")
    Long tokenMs;

    @Override
    public Integer call() throws IOException {
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new CliException("invalid cluster name '" + clusterName + "': 1-15 letters, digits or '-'", 2);
        }
        HostPort apiAddress = newNode.validate();
        String node = newNode.node;
        String link0 = newNode.link0;
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
                    new LocalIdentity(node, apiAddress), NodeProvisioner.ConfigLogStart.BOOTSTRAP);
        } catch (IOException e) {
            throw new CliException(e.getMessage());
        }
        NewNodeReport.print(this, config, node, 1, apiAddress, fingerprint);
        return 0;
    }
}
