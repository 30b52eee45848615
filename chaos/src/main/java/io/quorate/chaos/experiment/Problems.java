package io.quorate.chaos.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Collects errors while a YAML tree is read into records, and reads typed values at a path. */
final class Problems {
    private final List<ValidationError> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(ValidationError.at(path, message));
    }

    List<ValidationError> errors() {
        return errors;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** What a node is, for "expected X, got Y" messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        if (node.isNumber()) {
            return "a number (" + node.asText() + ")";
        }
        return "'" + node.asText() + "'";
    }

    /**
     * Reports every key of {@code map} not in {@code allowed}, suggesting the nearest allowed key.
     *
     * @param what how to name the allowed keys when no suggestion fits, e.g. "experiment"
     */
    void unknownKeys(ObjectNode map, String path, Collection<String> allowed, String what) {
        unknownKeys(map, path, allowed, allowed, what);
    }

    /** As above, but suggesting among {@code suggestible}, which may hold keys that are valid elsewhere. */
    void unknownKeys(ObjectNode map, String path, Collection<String> allowed, Collection<String> suggestible, String what) {
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                Optional<String> near = Suggestions.nearest(key, suggestible);
                add(child(path, key), near.map(n -> "unknown key, did you mean '" + n + "'?")
                        .orElse("unknown key (" + what + " keys: " + String.join(", ", allowed) + ")"));
            }
        }
    }

    /**
     * Finds which of {@code kinds} a list item is (an action such as {@code kill: node} or a probe such as
     * {@code promql: ...}): exactly one kind key must be present, and the other keys must be {@code name} or
     * belong to that kind. Reports what is wrong and returns empty when it cannot tell.
     */
    Optional<String> kindOf(ObjectNode map, String path, List<String> kinds, java.util.Map<String, List<String>> extras, String noun) {
        List<String> present = new ArrayList<>();
        map.fieldNames().forEachRemaining(key -> {
            if (kinds.contains(key)) {
                present.add(key);
            }
        });
        java.util.Set<String> allKeys = new java.util.LinkedHashSet<>(List.of("name"));
        allKeys.addAll(kinds);
        kinds.forEach(k -> allKeys.addAll(extras.get(k))); // in the kinds' order: Map.of iterates in no fixed order
        if (present.size() > 1) {
            add(path, "more than one " + noun + " (" + String.join(", ", present) + "); put each in its own list item");
            return Optional.empty();
        }
        if (present.isEmpty()) {
            int before = errors.size();
            unknownKeys(map, path, allKeys, noun);
            if (errors.size() == before) {
                add(path, "no " + noun + " (one of " + String.join(", ", kinds) + ")");
            }
            return Optional.empty();
        }
        String kind = present.get(0);
        java.util.Set<String> allowed = new java.util.LinkedHashSet<>(List.of("name", kind));
        allowed.addAll(extras.get(kind));
        ObjectNode unknown = map.deepCopy();
        for (String key : allKeys) {
            if (map.has(key) && !allowed.contains(key)) {
                add(child(path, key), "not a key of " + article(kind) + " " + kind + " " + noun + " (" + String.join(", ", allowed) + ")");
            }
            unknown.remove(key);
        }
        unknownKeys(unknown, path, allowed, kind + " " + noun);
        return Optional.of(kind);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    /** A required scalar as text; reports "missing" with {@code hint} or a wrong type. */
    Optional<String> requiredText(JsonNode parent, String path, String key, String hint) {
        JsonNode node = parent.get(key);
        if (node == null) {
            add(child(path, key), "missing (" + hint + ")");
            return Optional.empty();
        }
        return text(node, child(path, key));
    }

    Optional<String> optionalText(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        return node == null ? Optional.empty() : text(node, child(path, key));
    }

    /** A scalar as text: strings as they are, numbers and booleans as written. */
    Optional<String> text(JsonNode node, String path) {
        if (node.isValueNode() && !node.isNull()) {
            return Optional.of(node.asText());
        }
        add(path, "expected a value, got " + describe(node));
        return Optional.empty();
    }

    /** A non-blank string. */
    Optional<String> nonBlank(JsonNode node, String path) {
        Optional<String> text = text(node, path);
        if (text.isPresent() && text.get().isBlank()) {
            add(path, "must not be empty");
            return Optional.empty();
        }
        return text;
    }

    OptionalInt integer(JsonNode node, String path, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            add(path, "expected a whole number, got " + describe(node));
            return OptionalInt.empty();
        }
        int value = node.intValue();
        if (value < min || value > max) {
            add(path, value + " is out of range " + min + "-" + max);
            return OptionalInt.empty();
        }
        return OptionalInt.of(value);
    }

    OptionalLong longValue(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            add(path, "expected a whole number, got " + describe(node));
            return OptionalLong.empty();
        }
        return OptionalLong.of(node.longValue());
    }

    /** A mapping, or an error. */
    Optional<ObjectNode> mapping(JsonNode node, String path, String example) {
        if (node instanceof ObjectNode) {
            return Optional.of((ObjectNode) node);
        }
        add(path, "expected a mapping (" + example + "), got " + describe(node));
        return Optional.empty();
    }

    /** A list, or an error. */
    Optional<JsonNode> list(JsonNode node, String path, String example) {
        if (node.isArray()) {
            return Optional.of(node);
        }
        add(path, "expected a list (" + example + "), got " + describe(node));
        return Optional.empty();
    }

    /** A duration such as {@code 15s}; with {@code positive}, zero is refused. */
    Optional<java.time.Duration> duration(JsonNode node, String path, boolean positive) {
        Optional<String> text = text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.time.Duration d = Durations.parse(text.get());
            if (positive && d.isZero()) {
                add(path, "must be longer than 0s");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
            return Optional.empty();
        }
    }
}
