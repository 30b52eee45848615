package io.quorate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFingerprintTest {

    /** Made with openssl req -x509 (EC P-256); the fingerprint is what `openssl x509 -fingerprint -sha256` printed. */
    private static final String KNOWN_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBgzCCASmgAwIBAgIUSDHNXLAdSfhsKk9kmL0+tY2YR8QwCgYIKoZIzj0EAwIw
            FzEVMBMGA1UEAwwMa25vd24tYW5zd2VyMB4XDTI2MTEyNTExNDAzN1oXDTM2MTEy
            MjExNDAzN1owFzEVMBMGA1UEAwwMa25vd24tYW5zd2VyMFkwEwYHKoZIzj0CAQYI
            KoZIzj0DAQcDQgAEJSh+Rc/E1wFLnzBNvkqUi3/jDuY0agHAwS+Oqf81hIqQm0Fs
            H1xw2QaYq+jNhJyLenKPNv2N1nP3slyRuidrjKNTMFEwHQYDVR0OBBYEFOJRAuZv
            6KPyRvKq01CZjnotmSUpMB8GA1UdIwQYMBaAFOJRAuZv6KPyRvKq01CZjnotmSUp
            MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAPG2ivzscbuADKJU
            uD0KREXyIu6/KSqawe2wKUiRcsFyAiAeccg3Zy9Umd78zgU8OujcccA07uA3dbCI
            WETtsBospA==
            -----END CERTIFICATE-----
            """;
    private static final String KNOWN_FINGERPRINT =
            "44:6D:95:E5:CF:AD:07:05:19:A7:1D:5A:C1:58:CE:DD:87:B2:54:44:E6:28:63:92:66:0B:43:CE:1D:7A:12:26";

    @Test
    void printsSha256OfDerAsProxmoxDoes() throws Exception {
        assertEquals(KNOWN_FINGERPRINT, CertificateFingerprint.of(knownCertificate()).toString());
    }

    @Test
    void readsFingerprintFromPemFile(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("known.pem");
        Files.writeString(pem, KNOWN_PEM);
        assertEquals(KNOWN_FINGERPRINT, CertificateFingerprint.ofPemFile(pem).toString());
    }

    @Test
    void pemFileWithoutCertificateIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("empty.pem");
        Files.writeString(pem, "not a certificate\n");
        var error = assertThrows(java.io.IOException.class, () -> CertificateFingerprint.ofPemFile(pem));
        assertTrue(error.getMessage().contains(pem.toString()), error.getMessage());
    }

    @Test
    void parseAcceptsLowerCaseWithoutColonsAndOpensslOutput() {
        CertificateFingerprint expected = CertificateFingerprint.parse(KNOWN_FINGERPRINT);
        String bareLower = KNOWN_FINGERPRINT.replace(":", "").toLowerCase(Locale.ROOT);
        assertEquals(expected, CertificateFingerprint.parse(bareLower));
        assertEquals(expected, CertificateFingerprint.parse("  " + KNOWN_FINGERPRINT.toLowerCase(Locale.ROOT) + "\n"));
        assertEquals(expected, CertificateFingerprint.parse("sha256 Fingerprint=" + KNOWN_FINGERPRINT));
        assertEquals(expected.hashCode(), CertificateFingerprint.parse(bareLower).hashCode());
        assertEquals(KNOWN_FINGERPRINT, CertificateFingerprint.parse(bareLower).toString());
    }

    @Test
    void parseRejectsWrongLengthNamingTheCount() {
        String tooShort = KNOWN_FINGERPRINT.substring(0, KNOWN_FINGERPRINT.length() - 3);
        var error = assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse(tooShort));
        assertTrue(error.getMessage().contains("has 62 hex digits"), error.getMessage());
        assertTrue(error.getMessage().contains("64"), error.getMessage());
    }

    @Test
    void parseRejectsNonHexAndEmptyInput() {
        var notHex = assertThrows(IllegalArgumentException.class,
                () -> CertificateFingerprint.parse(KNOWN_FINGERPRINT.replace("6D", "6G")));
        assertTrue(notHex.getMessage().contains("'G', which is not a hex digit"), notHex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse(null));
    }

    @Test
    void matchesOnlyItsOwnCertificate(@TempDir Path dir) throws Exception {
        X509Certificate known = knownCertificate();
        X509Certificate other = SelfSignedCertificate.generate(dir.resolve("k.pem"), dir.resolve("c.pem"),
                "other", List.of("127.0.0.1"), Duration.ofDays(1));
        CertificateFingerprint pin = CertificateFingerprint.parse(KNOWN_FINGERPRINT);
        assertTrue(pin.matches(known));
        assertFalse(pin.matches(other));
        assertNotEquals(pin, CertificateFingerprint.of(other));
    }

    private static X509Certificate knownCertificate() throws Exception {
        byte[] pem = KNOWN_PEM.getBytes(StandardCharsets.US_ASCII);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
