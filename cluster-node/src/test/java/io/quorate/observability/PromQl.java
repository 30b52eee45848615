package io.quorate.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading for the checks: the series a query names and their label matchers. */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Pattern SELECTOR = Pattern.compile("(?<![a-zA-Z0-9_:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private PromQl() {
    }

    /** The series names {@code expr} selects (not functions, keywords, labels or strings). */
    static Set<String> seriesNames(String expr) {
        String bare = STRING.matcher(expr).replaceAll("\"\"");
        bare = bare.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^\\]]*]", "[]");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group(1);
            if (identifier.group(2) == null && !KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    /** One {@code name{matchers}} of a query; {@code matchers} maps label to operator and value. */
    record Selector(String name, Map<String, String> matchers) {
    }

    /** The selectors with braces in {@code expr}, in order (label_values(...) included). */
    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            Map<String, String> matchers = new LinkedHashMap<>();
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                matchers.put(matcher.group(1), matcher.group(2) + "\"" + matcher.group(3) + "\"");
            }
            selectors.add(new Selector(selector.group(1), matchers));
        }
        return selectors;
    }
}
