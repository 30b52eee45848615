package io.quorate.tls;

import java.security.cert.CertificateException;

/** Thrown inside the TLS handshake when the server's certificate is not the pinned one. */
final class FingerprintMismatchException extends CertificateException {

    FingerprintMismatchException(CertificateFingerprint expected, CertificateFingerprint presented) {
        super("certificate fingerprint mismatch: expected " + expected + ", server presented " + presented);
    }
}
