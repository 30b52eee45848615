package io.quorate.runtime;

import java.security.SecureRandom;

/** The cluster authkey: random bytes (written owner-only through {@code OwnerOnlyFiles}). */
public final class Secrets {
    /** corosync-keygen writes 128 random bytes; so do we. */
    public static final int AUTHKEY_BYTES = 128;

    private Secrets() {
    }

    public static byte[] newAuthkey() {
        byte[] key = new byte[AUTHKEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
