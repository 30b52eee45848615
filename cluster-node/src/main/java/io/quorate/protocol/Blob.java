package io.quorate.protocol;

import java.util.Arrays;
import java.util.Base64;

/**
 * Immutable bytes with value equality, so messages and log entries that carry payloads stay plain
 * records (a {@code byte[]} component would compare by identity).
 */
public final class Blob {
    public static final Blob EMPTY = new Blob(new byte[0]);

    private final byte[] bytes;

    private Blob(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static Blob of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Blob(bytes.clone());
    }

    /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
    public static Blob wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Blob(bytes);
    }

    public int size() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** The bytes themselves, for readers that only read them (codecs, digests, disk writes). */
    public byte[] unsafeArray() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blob blob && Arrays.equals(bytes, blob.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Short form: payloads may be large, and may hold secrets a log line must not show in full. */
    @Override
    public String toString() {
        return bytes.length + " bytes";
    }

    /** For tests and error details: the first bytes in base64. */
    public String preview(int maxBytes) {
        return Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(maxBytes, bytes.length)));
    }
}
