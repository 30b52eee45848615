package io.quorate.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Makes the node's self-signed HTTPS certificate, as {@code pvecm create} does for {@code pve-ssl.pem}.
 * Clients do not check it against a CA; they pin its SHA-256 fingerprint (see {@link PinnedHttpsClient}).
 */
public final class SelfSignedCertificate {

    /** Backdating absorbs small clock differences between the node that issues and the one that connects. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificate() {
    }

    /**
     * Generates an EC P-256 key pair and a self-signed X.509 v3 certificate and writes both as PEM.
     *
     * @param keyPem          private key file, PKCS#8 ("PRIVATE KEY"), mode 0600, replaced atomically
     * @param certPem         certificate file ("CERTIFICATE")
     * @param commonName      subject and issuer CN, e.g. the node name
     * @param subjectAltNames IP addresses (v4 or v6) and DNS names the node answers on
     * @param validity        how long the certificate is valid from now
     * @return the certificate written to {@code certPem}
     */
    public static X509Certificate generate(Path keyPem, Path certPem, String commonName,
                                           List<String> subjectAltNames, Duration validity) throws IOException {
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(certPem, "certPem");
        requireNonBlank(commonName, "commonName");
        List<String> sans = List.copyOf(subjectAltNames);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
        }
        try {
            KeyPair keyPair = newKeyPair();
            X509Certificate certificate = selfSign(keyPair, commonName, sans, validity);
            OwnerOnlyFiles.write(keyPem, Pem.encode("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
            Files.write(certPem, Pem.encode("CERTIFICATE", certificate.getEncoded()));
            return certificate;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            // P-256 and SHA256withECDSA are mandatory in every JDK; failing here means a broken runtime.
            throw new IllegalStateException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSign(KeyPair keyPair, String commonName, List<String> sans, Duration validity)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, serialNumber(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
                name, keyPair.getPublic());
        JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()));
        if (!sans.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, generalNames(sans));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static GeneralNames generalNames(List<String> sans) {
        GeneralName[] names = sans.stream().map(SelfSignedCertificate::generalName).toArray(GeneralName[]::new);
        return new GeneralNames(names);
    }

    /** Classifies by syntax only: resolving a DNS name here would make certificate creation depend on DNS. */
    private static GeneralName generalName(String san) {
        requireNonBlank(san, "subject alternative name");
        String trimmed = san.strip();
        return IPAddress.isValid(trimmed)
                ? new GeneralName(GeneralName.iPAddress, trimmed)
                : new GeneralName(GeneralName.dNSName, trimmed);
    }

    /** RFC 5280: positive, at most 20 octets; random so that re-issued certificates never share a serial. */
    private static BigInteger serialNumber() {
        return new BigInteger(159, RANDOM).add(BigInteger.ONE);
    }

    private static void requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
