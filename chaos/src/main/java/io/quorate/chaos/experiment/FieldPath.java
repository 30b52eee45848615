package io.quorate.chaos.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * A path into a node API's JSON reply: object fields joined by dots, array elements by index
 * ({@code data[0].quorate}) or by the first element whose field has a value
 * ({@code data[sid=vm:101].state}).
 */
public record FieldPath(String text, List<Step> steps) {
    /** One step of a path. */
    public sealed interface Step permits Field, Index, Match {
    }

    /** An object's field. */
    public record Field(String name) implements Step {
    }

    /** An array element by position, from 0. */
    public record Index(int index) implements Step {
    }

    /** The first array element that is an object whose {@code field} is {@code value} (compared as text). */
    public record Match(String field, String value) implements Step {
    }

    public FieldPath {
        steps = List.copyOf(steps);
    }

    /** @throws IllegalArgumentException naming the position of the first error */
    public static FieldPath parse(String text) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = text.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty field path (write e.g. data[0].quorate)");
        }
        boolean needName = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '[') {
                if (steps.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': a path starts with a field name");
                }
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': '[' at position " + i + " is never closed");
                }
                String inside = text.substring(i + 1, close).trim();
                int eq = inside.indexOf('=');
                if (eq >= 0) {
                    String field = inside.substring(0, eq).trim();
                    String value = inside.substring(eq + 1).trim();
                    if (field.isEmpty() || value.isEmpty()) {
                        throw new IllegalArgumentException("'" + text + "': write [FIELD=VALUE], e.g. [sid=vm:101]");
                    }
                    steps.add(new Match(field, value));
                } else {
                    try {
                        steps.add(new Index(Integer.parseInt(inside)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "': [" + inside + "] is neither an index nor FIELD=VALUE");
                    }
                    if (((Index) steps.get(steps.size() - 1)).index() < 0) {
                        throw new IllegalArgumentException("'" + text + "': negative index [" + inside + "]");
                    }
                }
                i = close + 1;
                needName = false;
            } else if (c == '.') {
                if (needName) {
                    throw new IllegalArgumentException("'" + text + "': empty field name at position " + i);
                }
                needName = true;
                i++;
                if (i == n) {
                    throw new IllegalArgumentException("'" + text + "': ends with '.'");
                }
            } else {
                if (!needName) {
                    throw new IllegalArgumentException("'" + text + "': expected '.' or '[' at position " + i);
                }
                int end = i;
                while (end < n && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                steps.add(new Field(text.substring(i, end)));
                needName = false;
                i = end;
            }
        }
        return new FieldPath(text, steps);
    }

    @Override
    public String toString() {
        return text;
    }
}
