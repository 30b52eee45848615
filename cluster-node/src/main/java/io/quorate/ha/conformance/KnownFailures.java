package io.quorate.ha.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed list of conformance cases allowed to fail, each with its reason
 * ({@code cluster-node/src/test/resources/ha/known-failures.txt}). One entry per line:
 * {@code <case-name> <reason...>}; {@code #} starts a comment line; blank lines are skipped. A
 * reason is required and a case may be listed once.
 */
public final class KnownFailures {

    /** Where the committed file sits on the test classpath. */
    public static final String RESOURCE = "ha/known-failures.txt";

    private static final Pattern ENTRY = Pattern.compile("^(\\S+)(?:\\s+(.*))?$");

    private final Map<String, String> reasons;

    private KnownFailures(Map<String, String> reasons) {
        this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    /** No known failures. */
    public static KnownFailures none() {
        return new KnownFailures(Map.of());
    }

    /** Reads a known-failures file. */
    public static KnownFailures load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CaseFormatException(file, 0, "missing known-failures file");
        }
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CaseFormatException(file, 0, "cannot read: " + e, e);
        }
    }

    /**
     * Parses known-failures text; {@code source} names it in error messages.
     *
     * @throws CaseFormatException on an entry without a reason or a case listed twice
     */
    public static KnownFailures parse(Path source, String text) {
        Map<String, String> reasons = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches() || m.group(2) == null || m.group(2).isBlank()) {
                throw new CaseFormatException(source, i + 1,
                        "expected '<case-name> <reason...>', got '" + line + "' (a reason is required)");
            }
            if (reasons.putIfAbsent(m.group(1), m.group(2).strip()) != null) {
                throw new CaseFormatException(source, i + 1, "case '" + m.group(1) + "' listed twice");
            }
        }
        return new KnownFailures(reasons);
    }

    public boolean contains(String caseName) {
        return reasons.containsKey(caseName);
    }

    public Optional<String> reason(String caseName) {
        return Optional.ofNullable(reasons.get(caseName));
    }

    /** Case name → reason, in file order. */
    public Map<String, String> entries() {
        return reasons;
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }
}
