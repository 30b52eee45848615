package io.quorate.cli;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeProvisioner;
import io.quorate.runtime.Poll;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.HttpsRequestException;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Join this node to an existing cluster through one of its members (pvecm add).",
                "Waits until the cluster is quorate, adds the node (config_version + 1), fills --dir.",
                "Then run the node with: quorate node run --dir <dir>"})
final class CmAdd extends NodeCliCommand {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "<https-url-of-a-member>")
    String memberUrl;

    @Option(names = "--token-file", required = true, description = "A member's api-token file (admin token).")
    Path tokenFile;

    @Option(names = "--fingerprint", description = "SHA-256 fingerprint of the member's certificate (its <dir>/fingerprint).")
    String fingerprint;

    @Mixin
    NewNodeOptions newNode;

    @Option(names = "--nodeid", description = "Node id (default: next free).")
    Integer nodeId;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationMillisConverter.class,
            description = "How long to wait for the cluster to be quorate (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HostPort apiAddress = newNode.validate();
        String node = newNode.node;
        String link0 = newNode.link0;
        Path target = dir.path();
        if (Files.exists(target.resolve("corosync.conf"))) {
            throw new CliException(target.resolve("corosync.conf") + " already exists: " + target + " already belongs to a cluster");
        }
        URI member = memberUri();
        String token = readToken();
        PinnedHttpsClient client = new PinnedHttpsClient(member, pinnedFingerprint(member), token, REQUEST_TIMEOUT, REQUEST_TIMEOUT);
        NodeApi memberApi = new NodeApi(client, member.toString());
        waitForQuorum(memberApi);
        JsonObject request = new JsonObject().put("link0", link0);
        if (nodeId != null) {
            request.put("nodeid", nodeId);
        }
        JsonObject joined = memberApi.call("POST", "/api2/json/cluster/config/nodes/" + node, request).getJsonObject("data");
        ClusterConfig config;
        try {
            config = ClusterConfig.parse(joined.getString("corosync_conf"), member + " corosync.conf");
        } catch (ConfigException e) {
            throw new CliException("the member sent a corosync.conf that does not load: " + e.getMessage());
        }
        ApiTokens tokens = ApiTokens.of(joined.getString("api_token"), joined.getString("api_token_ro"));
        byte[] authkey = Base64.getDecoder().decode(joined.getString("corosync_authkey"));
        CertificateFingerprint own = NodeProvisioner.provision(target, config, authkey, tokens, new LocalIdentity(node, apiAddress),
                NodeProvisioner.ConfigLogStart.JOIN);
        NewNodeReport.print(this, config, node, joined.getInteger("nodeid"), apiAddress, own);
        return 0;
    }

    private URI memberUri() {
        try {
            URI uri = URI.create(memberUrl.endsWith("/") ? memberUrl.substring(0, memberUrl.length() - 1) : memberUrl);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("expected https://<ip>:<port>");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid member URL '" + memberUrl + "': " + e.getMessage(), 2);
        }
    }

    private String readToken() {
        try {
            String token = Files.readString(tokenFile).strip();
            if (token.isEmpty()) {
                throw new CliException("token file " + tokenFile + " is empty", 2);
            }
            return token;
        } catch (IOException e) {
            throw new CliException("cannot read token file " + tokenFile + ": " + e.getMessage(), 2);
        }
    }

    /** With --fingerprint: pin it. Without: ask on a terminal, as pvecm add does; refuse otherwise. */
    private CertificateFingerprint pinnedFingerprint(URI member) {
        if (fingerprint != null) {
            try {
                return CertificateFingerprint.parse(fingerprint);
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid --fingerprint: " + e.getMessage(), 2);
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException("no --fingerprint given and no terminal to confirm the member's certificate; "
                    + "pass --fingerprint (the member's <dir>/fingerprint)", 2);
        }
        CertificateFingerprint presented;
        try {
            presented = PinnedHttpsClient.fetchServerFingerprint(member, REQUEST_TIMEOUT);
        } catch (HttpsRequestException e) {
            throw new CliException(e.getMessage());
        }
        console.printf("The authenticity of host '%s' can't be established.%nX509 SHA256 key fingerprint is %s.%n",
                member.getAuthority(), presented);
        String answer = console.readLine("Are you sure you want to continue connecting (yes/no)? ");
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new CliException("fingerprint not confirmed; nothing changed");
        }
        return presented;
    }

    private void waitForQuorum(NodeApi memberApi) throws InterruptedException {
        JsonObject[] cluster = new JsonObject[1];
        if (!Poll.until(Duration.ofMillis(timeoutMs), Duration.ofMillis(200), () -> {
            cluster[0] = memberApi.get("/api2/json/cluster/status").getJsonArray("data").getJsonObject(0);
            return cluster[0].getInteger("quorate", 0) == 1;
        })) {
            throw new CliException("timed out after " + timeoutMs / 1000 + " s waiting for cluster '"
                    + cluster[0].getString("name") + "' to become quorate");
        }
    }
}
