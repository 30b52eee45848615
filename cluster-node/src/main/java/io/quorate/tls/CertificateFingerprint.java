package io.quorate.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprint of a DER-encoded certificate, printed as Proxmox prints it
 * ({@code pvenode cert info}, {@code pvecm add --fingerprint}): uppercase hex pairs joined by ':'.
 */
public final class CertificateFingerprint {

    private static final int SHA256_BYTES = 32;
    private static final HexFormat PROXMOX_FORMAT = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] digest;

    private CertificateFingerprint(byte[] digest) {
        this.digest = digest;
    }

    public static CertificateFingerprint of(Certificate certificate) {
        try {
            return ofDer(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded: " + e.getMessage(), e);
        }
    }

    public static CertificateFingerprint ofDer(byte[] derCertificate) {
        return new CertificateFingerprint(sha256(derCertificate));
    }

    /** Fingerprint of the first certificate in a PEM file (such as the one {@link SelfSignedCertificate} writes). */
    public static CertificateFingerprint ofPemFile(Path certPem) throws IOException {
        try (InputStream in = Files.newInputStream(certPem)) {
            return of(CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (CertificateException e) {
            throw new IOException("no readable certificate in " + certPem + ": " + e.getMessage(), e);
        }
    }

    /**
     * Normalises a fingerprint typed or pasted by a user: upper or lower case, with or without ':'
     * separators, surrounding blanks and an openssl-style {@code "sha256 Fingerprint="} prefix are accepted.
     *
     * @throws IllegalArgumentException naming what is wrong (not hex, or not 32 bytes long)
     */
    public static CertificateFingerprint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("certificate fingerprint is empty: expected 32 hex pairs like AB:CD:...");
        }
        String value = text.strip();
        int equals = value.lastIndexOf('=');
        if (equals >= 0) {
            value = value.substring(equals + 1).strip();
        }
        String hex = value.replace(":", "");
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("certificate fingerprint '" + text.strip()
                        + "' contains '" + hex.charAt(i) + "', which is not a hex digit");
            }
        }
        if (hex.length() != SHA256_BYTES * 2) {
            throw new IllegalArgumentException("certificate fingerprint '" + text.strip() + "' has "
                    + hex.length() + " hex digits; a SHA-256 fingerprint has " + SHA256_BYTES * 2
                    + " (32 pairs like AB:CD:...)");
        }
        return new CertificateFingerprint(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    public boolean matches(Certificate certificate) {
        return equals(of(certificate));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    /** The Proxmox form, e.g. {@code 3A:9F:...:07} (95 characters). */
    @Override
    public String toString() {
        return PROXMOX_FORMAT.formatHex(digest);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
