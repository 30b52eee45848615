package io.quorate.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust decided by one look at the server's leaf certificate, replacing CA-path and hostname checks.
 *
 * <p>It extends {@link X509ExtendedTrustManager} on purpose: JSSE wraps a plain {@code X509TrustManager}
 * in a wrapper that adds hostname and algorithm checks, which pinning is meant to replace.
 */
final class ServerCertificateTrustManager extends X509ExtendedTrustManager {

    @FunctionalInterface
    interface LeafCheck {
        void check(X509Certificate leaf) throws CertificateException;
    }

    private final LeafCheck check;

    private ServerCertificateTrustManager(LeafCheck check) {
        this.check = check;
    }

    /** Accepts exactly the certificate with this SHA-256 fingerprint, as {@code pvecm add --fingerprint} does. */
    static ServerCertificateTrustManager pinnedTo(CertificateFingerprint expected) {
        return new ServerCertificateTrustManager(leaf -> {
            CertificateFingerprint presented = CertificateFingerprint.of(leaf);
            if (!expected.equals(presented)) {
                throw new FingerprintMismatchException(expected, presented);
            }
        });
    }

    /** Accepts any certificate and records it: only for showing a fingerprint to a user, never for sending data. */
    static ServerCertificateTrustManager recordingInto(AtomicReference<X509Certificate> seen) {
        return new ServerCertificateTrustManager(seen::set);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server presented no certificate");
        }
        check.check(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only judges servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
