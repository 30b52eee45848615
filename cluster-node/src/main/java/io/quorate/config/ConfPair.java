package io.quorate.config;

import java.util.Objects;

/**
 * A {@code key: value} line. The value is the rest of the line after the first colon, trimmed, and
 * may be empty or contain further colons (IPv6 addresses do).
 */
public record ConfPair(String key, String value, int line) implements ConfEntry {

    public ConfPair {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A pair made in code, for edits. */
    public ConfPair(String key, String value) {
        this(key, value, NO_LINE);
    }

    /** Equal when key and value are; the line is provenance, not content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfPair pair && key.equals(pair.key) && value.equals(pair.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value);
    }
}
