package io.quorate.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the cluster authkey. Not thread-safe, because {@link Mac} is not. The key is
 * held only inside the {@link Mac}; nothing here ever prints it.
 */
final class MessageAuthenticator {
    static final String ALGORITHM = "HmacSHA256";
    static final int MAC_BYTES = 32;
    static final int MIN_KEY_BYTES = 16;

    private final Mac mac;

    MessageAuthenticator(byte[] authkey) {
        Objects.requireNonNull(authkey, "authkey");
        if (authkey.length < MIN_KEY_BYTES) {
            // the length is safe to report; the bytes are not
            throw new IllegalArgumentException(
                    "authkey must be at least " + MIN_KEY_BYTES + " bytes, got " + authkey.length);
        }
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(authkey, ALGORITHM)); // SecretKeySpec keeps its own copy
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory on every Java platform; reaching this means a broken JDK
            throw new IllegalStateException("cannot initialise " + ALGORITHM + ": " + e.getClass().getName());
        }
    }

    /** Writes the MAC of {@code data[offset, offset+length)} into {@code out[outOffset...]}. */
    void sign(byte[] data, int offset, int length, byte[] out, int outOffset) {
        mac.update(data, offset, length);
        try {
            mac.doFinal(out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("output buffer too small for the MAC", e);
        }
    }

    /**
     * Whether the {@link #MAC_BYTES} bytes at {@code macOffset} are the MAC of
     * {@code data[offset, offset+length)}. Compares in constant time so the answer leaks nothing
     * about how many leading bytes of a forgery were right.
     */
    boolean verify(byte[] data, int offset, int length, int macOffset) {
        mac.update(data, offset, length);
        byte[] expected = mac.doFinal();
        byte[] received = Arrays.copyOfRange(data, macOffset, macOffset + MAC_BYTES);
        return MessageDigest.isEqual(expected, received);
    }
}
