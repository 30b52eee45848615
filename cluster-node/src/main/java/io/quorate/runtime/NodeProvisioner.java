package io.quorate.runtime;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.OwnerOnlyFiles;
import io.quorate.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a node directory, as {@code cm create} and {@code cm add} do: corosync.conf, the cluster
 * authkey, the API tokens (secrets 0600), the node's own self-signed TLS certificate and its
 * fingerprint, and local.conf. Refuses a directory that already holds a cluster config, so a
 * running node's state is never overwritten.
 */
public final class NodeProvisioner {
    /** As Proxmox's node certificates: long-lived, renewed by hand. */
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private NodeProvisioner() {
    }

    /** How a new node's config log starts. */
    public enum ConfigLogStart {
        /** A new cluster: the log begins with this corosync.conf (cm create, or a whole cluster made at once). */
        BOOTSTRAP,
        /** A node joining a running cluster: empty; it catches up from the leader (cm add). */
        JOIN
    }

    /** @return the SHA-256 fingerprint of the node's new certificate */
    public static CertificateFingerprint provision(Path dir, ClusterConfig config, byte[] authkey, ApiTokens tokens,
                                                   LocalIdentity identity, ConfigLogStart logStart) throws IOException {
        NodeFiles files = new NodeFiles(dir);
        Files.createDirectories(dir);
        if (Files.exists(files.corosyncConf())) {
            throw new IOException(files.corosyncConf() + " already exists: " + dir + " already belongs to a cluster");
        }
        OwnerOnlyFiles.write(files.authkey(), authkey);
        tokens.writeTo(dir);
        List<String> altNames = new ArrayList<>(List.of(identity.api().host(), "localhost", identity.nodeName()));
        X509Certificate certificate = SelfSignedCertificate.generate(files.tlsKey(), files.tlsCertificate(),
                identity.nodeName(), altNames.stream().distinct().toList(), CERTIFICATE_VALIDITY);
        CertificateFingerprint fingerprint = CertificateFingerprint.of(certificate);
        Files.writeString(files.fingerprint(), fingerprint + "\n");
        identity.write(dir);
        if (logStart == ConfigLogStart.BOOTSTRAP) {
            ConfigLogStore.createBootstrap(files.configLog(), config.toText());
        } else {
            ConfigLogStore.createEmpty(files.configLog());
        }
        // corosync.conf last: its presence marks a complete node directory
        Files.writeString(files.corosyncConf(), config.toText());
        return fingerprint;
    }
}
