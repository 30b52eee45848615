package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed reading of one {@link SectionConfig.Section}, shared by the HA files. Every failure is a
 * {@link ConfigException} at the offending line: the property's for a bad value, the header's for
 * a missing key or an invalid section as a whole. Keys a section type does not define are errors
 * (Proxmox warns "unexpected property" and drops them, so keeping them would only hide typos).
 */
final class SectionReader {

    private final String source;
    private final SectionConfig.Section section;
    private final String label;

    private SectionReader(String source, SectionConfig.Section section, String label) {
        this.source = source;
        this.section = section;
        this.label = label;
    }

    /**
     * @param label how messages name the section, e.g. {@code vm:101} or {@code group 'g1'}
     * @param keys the keys this section type defines
     */
    static SectionReader of(String source, SectionConfig.Section section, String label, Set<String> keys)
            throws ConfigException {
        SectionReader reader = new SectionReader(source, section, label);
        for (SectionConfig.Property property : section.properties()) {
            if (!keys.contains(property.key())) {
                throw new ConfigException(source, property.line(), label + ": unknown key '" + property.key()
                        + "' (known: " + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
        return reader;
    }

    /** The value under this key, converted; an {@link IllegalArgumentException} names the key. */
    <T> Optional<T> optional(String key, Function<String, T> convert) throws ConfigException {
        Optional<SectionConfig.Property> property = section.property(key);
        if (property.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(convert.apply(property.get().value()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, property.get().line(),
                    label + ": invalid value for '" + key + "': " + e.getMessage());
        }
    }

    /** A value that must not be a bare key: the raw text, not empty. */
    Optional<String> optionalText(String key) throws ConfigException {
        return optional(key, value -> {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("missing value");
            }
            return value;
        });
    }

    <T> T required(String key, Function<String, T> convert) throws ConfigException {
        Optional<T> value = optional(key, convert);
        if (value.isEmpty()) {
            throw error("missing required key '" + key + "'");
        }
        return value.get();
    }

    Optional<Boolean> optionalBoolean(String key) throws ConfigException {
        return optional(key, HaSyntax::parseBoolean);
    }

    /** Builds the section's model; an {@link IllegalArgumentException} becomes an error at the header. */
    <T> T build(java.util.function.Supplier<T> builder) throws ConfigException {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    ConfigException error(String problem) {
        return new ConfigException(source, section.line(), label + ": " + problem);
    }
}
