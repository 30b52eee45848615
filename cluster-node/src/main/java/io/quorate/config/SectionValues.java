package io.quorate.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed, validated lookups in one section, shared by the section readers. Every failure becomes a
 * {@link ConfigException} pointing at the offending line: the pair's for a bad value, the section's
 * opening line for something missing. A key or interpreted section given twice is an error rather
 * than a silent "last one wins", because the two copies usually disagree.
 */
final class SectionValues {

    /** corosync keeps timeouts as unsigned 32-bit milliseconds. */
    static final long MAX_MILLIS = 0xFFFF_FFFFL;

    private final ConfSection section;
    private final String source;

    SectionValues(ConfSection section, String source) {
        this.section = section;
        this.source = source;
    }

    static SectionValues root(ConfTree tree, String source) {
        return new SectionValues(tree.root(), source);
    }

    String source() {
        return source;
    }

    /** The one nested section with this name, if present. */
    Optional<SectionValues> child(String name) throws ConfigException {
        List<ConfSection> found = section.sections(name);
        if (found.size() > 1) {
            throw new ConfigException(source, found.get(1).line(),
                    "duplicate " + name + " section (first at line " + found.get(0).line() + ")");
        }
        return found.stream().findFirst().map(s -> new SectionValues(s, source));
    }

    SectionValues requiredChild(String name) throws ConfigException {
        Optional<SectionValues> child = child(name);
        if (child.isEmpty()) {
            throw missing(name + " section");
        }
        return child.get();
    }

    /** All nested sections with this name, in file order (e.g. the nodes of a nodelist). */
    List<SectionValues> children(String name) {
        return section.sections(name).stream().map(s -> new SectionValues(s, source)).toList();
    }

    /** The one pair with this key, if present. */
    Optional<ConfPair> pair(String key) throws ConfigException {
        List<ConfPair> found = section.pairs(key);
        if (found.size() > 1) {
            throw new ConfigException(source, found.get(1).line(),
                    "duplicate key '" + key + "' (first at line " + found.get(0).line() + ")");
        }
        return found.stream().findFirst();
    }

    /** A pair that must be present with a non-empty value. */
    ConfPair requiredPair(String key) throws ConfigException {
        Optional<ConfPair> pair = pair(key);
        if (pair.isEmpty()) {
            throw missing(key);
        }
        if (pair.get().value().isEmpty()) {
            throw invalid(pair.get(), key + " must not be empty");
        }
        return pair.get();
    }

    String requiredText(String key) throws ConfigException {
        return requiredPair(key).value();
    }

    /** A value that must be one of {@code allowed}. */
    String choice(String key, String defaultValue, Set<String> allowed) throws ConfigException {
        Optional<ConfPair> pair = pair(key);
        if (pair.isEmpty()) {
            return defaultValue;
        }
        String value = pair.get().value();
        if (!allowed.contains(value)) {
            throw invalid(pair.get(), key + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + ", got '" + value + "'");
        }
        return value;
    }

    /** An integer in [min, max]; {@code expectation} completes "KEY must be ...". */
    long number(ConfPair pair, long min, long max, String expectation) throws ConfigException {
        try {
            long value = Long.parseLong(pair.value());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below together with out-of-range values
        }
        throw invalid(pair, pair.key() + " must be " + expectation + ", got '" + pair.value() + "'");
    }

    OptionalLong number(String key, long min, long max, String expectation) throws ConfigException {
        Optional<ConfPair> pair = pair(key);
        return pair.isEmpty() ? OptionalLong.empty() : OptionalLong.of(number(pair.get(), min, max, expectation));
    }

    long number(String key, long defaultValue, long min, long max, String expectation) throws ConfigException {
        return number(key, min, max, expectation).orElse(defaultValue);
    }

    /** A timeout in milliseconds, at least {@code min}. */
    long millis(String key, long defaultValue, long min) throws ConfigException {
        return number(key, defaultValue, min, MAX_MILLIS, "milliseconds between " + min + " and " + MAX_MILLIS);
    }

    /** votequorum's flags: corosync accepts exactly 0 or 1. */
    Optional<Boolean> zeroOne(String key) throws ConfigException {
        return flag(key, "0", "1");
    }

    boolean zeroOne(String key, boolean defaultValue) throws ConfigException {
        return zeroOne(key).orElse(defaultValue);
    }

    /** totem's switches such as secauth: corosync accepts exactly on or off. */
    boolean onOff(String key, boolean defaultValue) throws ConfigException {
        return flag(key, "off", "on").orElse(defaultValue);
    }

    private Optional<Boolean> flag(String key, String falseText, String trueText) throws ConfigException {
        Optional<ConfPair> pair = pair(key);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        String value = pair.get().value();
        if (value.equals(trueText)) {
            return Optional.of(true);
        }
        if (value.equals(falseText)) {
            return Optional.of(false);
        }
        throw invalid(pair.get(), key + " must be " + falseText + " or " + trueText + ", got '" + value + "'");
    }

    ConfigException invalid(ConfPair pair, String problem) {
        return new ConfigException(source, pair.line(), problem);
    }

    /** Something this section should hold but does not; at top level there is no section to name. */
    private ConfigException missing(String what) {
        String problem = section.name().isEmpty() ? "missing " + what : section.name() + " section has no " + what;
        return new ConfigException(source, section.line(), problem);
    }
}
