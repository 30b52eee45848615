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
        // What the writer emits must parse back to this same pair: a line break in a value would
        // inject lines (e.g. through a node name), a trailing '{' would open a section.
        if (key.isEmpty() || !key.equals(key.strip()) || key.contains(":") || key.startsWith("}")
                || key.startsWith("#") || key.endsWith("{") || key.contains("\n") || key.contains("\r")) {
            throw new IllegalArgumentException("invalid key '" + key.replaceAll("[\\r\\n]", "\\\\n") + "'");
        }
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException(key + ": value must be one line");
        }
        if (!value.equals(value.strip()) || value.endsWith("{")) {
            throw new IllegalArgumentException(key + ": value must not have surrounding spaces or end with '{', got '" + value + "'");
        }
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
