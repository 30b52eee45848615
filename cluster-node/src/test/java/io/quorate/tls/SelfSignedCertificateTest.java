package io.quorate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    @Test
    void makesSelfSignedP256CertificateWithIpAndDnsNames() throws Exception {
        X509Certificate cert = generate(List.of("127.0.0.1", "::1", "node1.example"), Duration.ofDays(3650));

        assertEquals("CN=node1", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey()); // signed by its own key
        assertEquals(3, cert.getVersion());
        assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        Set<String> sans = cert.getSubjectAlternativeNames().stream()
                .map(name -> name.get(0) + ":" + name.get(1)).collect(Collectors.toSet());
        assertEquals(Set.of("7:127.0.0.1", "7:0:0:0:0:0:0:0:1", "2:node1.example"), sans);
        assertEquals(-1, cert.getBasicConstraints(), "a leaf, not a CA");
    }

    @Test
    void validityStartsNowAndLastsAsAsked() throws Exception {
        Instant before = Instant.now();
        X509Certificate cert = generate(List.of("127.0.0.1"), Duration.ofDays(30));
        cert.checkValidity(); // valid right away
        Instant notAfter = cert.getNotAfter().toInstant();
        assertTrue(!notAfter.isBefore(before.plus(Duration.ofDays(30)).minusSeconds(1)), notAfter.toString());
        assertTrue(notAfter.isBefore(Instant.now().plus(Duration.ofDays(30)).plusSeconds(1)), notAfter.toString());
    }

    @Test
    void writesPkcs8KeyOwnerOnlyThatBelongsToTheCertificate() throws Exception {
        X509Certificate cert = generate(List.of("127.0.0.1"), Duration.ofDays(1));
        Path key = dir.resolve("key.pem");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String pem = Files.readString(key);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.lines().findFirst().orElse(""));
        assertTrue(pem.endsWith("-----END PRIVATE KEY-----\n"));
        assertTrue(Files.readString(dir.resolve("cert.pem")).startsWith("-----BEGIN CERTIFICATE-----\n"));

        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
        byte[] message = "quorate".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signature), "key file holds the certificate's private key");
    }

    @Test
    void regeneratingReplacesAWorldReadableKeyWithAnOwnerOnlyOne() throws Exception {
        Path key = dir.resolve("key.pem");
        X509Certificate first = generate(List.of("127.0.0.1"), Duration.ofDays(1));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        X509Certificate second = generate(List.of("127.0.0.1"), Duration.ofDays(1));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertNotEquals(first, second);
        assertEquals(second, readCertificate(dir.resolve("cert.pem")));
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("key.pem", "cert.pem"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temp files left");
        }
    }

    @Test
    void rejectsBlankNamesAndNonPositiveValidity() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.generate(
                dir.resolve("k"), dir.resolve("c"), " ", List.of(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.generate(
                dir.resolve("k"), dir.resolve("c"), "n", List.of(""), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.generate(
                dir.resolve("k"), dir.resolve("c"), "n", List.of(), Duration.ZERO));
    }

    private X509Certificate generate(List<String> sans, Duration validity) throws Exception {
        return SelfSignedCertificate.generate(dir.resolve("key.pem"), dir.resolve("cert.pem"), "node1", sans, validity);
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static byte[] pemBody(String pem) {
        String base64 = pem.lines().filter(line -> !line.startsWith("-----")).collect(Collectors.joining());
        return Base64.getDecoder().decode(base64);
    }
}
