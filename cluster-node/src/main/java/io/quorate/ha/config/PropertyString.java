package io.quorate.ha.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Proxmox property string, {@code k=v,k=v} ({@code PVE::JSONSchema::parse_property_string}):
 * the value of {@code ha:} and {@code crs:} in {@code datacenter.cfg}. Empty parts are skipped; a
 * part without '=' (a default key) or a key given twice is refused, as the formats used here have
 * no default key. Written with keys sorted, as {@code print_property_string} does.
 */
record PropertyString(Map<String, String> entries) {

    PropertyString {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    static PropertyString parse(String text) {
        LinkedHashMap<String, String> entries = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals <= 0 || equals == part.length() - 1) {
                throw new IllegalArgumentException("expected 'key=value', got '" + part + "'");
            }
            String key = part.substring(0, equals);
            if (entries.putIfAbsent(key, part.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("key '" + key + "' is given twice");
            }
        }
        return new PropertyString(entries);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    PropertyString with(String key, String value) {
        Objects.requireNonNull(value, "value");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return new PropertyString(copy);
    }

    String format() {
        return new TreeMap<>(entries).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
