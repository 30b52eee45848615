package io.quorate.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * One Proxmox-style API token: an id such as {@code root@pam!quorate} and a secret. Its text,
 * {@code <id>=<secret>}, is what follows {@code PVEAPIToken=} in an Authorization header.
 * {@link #toString()} shows the id only.
 */
public final class ApiToken {

    private final String id;
    private final String secret;
    private final byte[] textBytes;

    private ApiToken(String id, String secret) {
        this.id = id;
        this.secret = secret;
        this.textBytes = text().getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh token; {@link UUID#randomUUID()} draws its 122 random bits from a SecureRandom. */
    static ApiToken generate(String id) {
        return new ApiToken(id, UUID.randomUUID().toString());
    }

    /**
     * Parses token text {@code <expectedId>=<secret>}.
     *
     * @throws IllegalArgumentException saying what is wrong, without quoting the text (it holds a secret)
     */
    static ApiToken parse(String expectedId, String text) {
        String idPart = expectedId + "=";
        if (text == null || !text.startsWith(idPart)) {
            throw new IllegalArgumentException("it does not start with '" + idPart + "'");
        }
        String secret = text.substring(idPart.length());
        if (secret.isEmpty() || secret.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("the secret after '" + idPart + "' is empty or contains blanks");
        }
        return new ApiToken(expectedId, secret);
    }

    public String id() {
        return id;
    }

    /** The secret-bearing header text {@code <id>=<secret>}: hand it to an HTTP client, never to a log. */
    public String text() {
        return id + "=" + secret;
    }

    /** Compares in time independent of where the texts differ, so response timing leaks nothing of the secret. */
    boolean matches(byte[] presentedText) {
        return MessageDigest.isEqual(textBytes, presentedText);
    }

    @Override
    public String toString() {
        return id + "=***";
    }
}
