package io.quorate.chaos.run;

import io.quorate.chaos.experiment.FieldPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Follows a {@link FieldPath} into a node API's JSON reply. */
final class FieldPaths {
    private FieldPaths() {
    }

    /** The value at {@code path}, or empty when a step finds nothing. */
    static Optional<Object> select(Object json, FieldPath path) {
        Object at = json;
        for (FieldPath.Step step : path.steps()) {
            at = step(at, step);
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(at);
    }

    private static Object step(Object at, FieldPath.Step step) {
        if (step instanceof FieldPath.Field field) {
            return at instanceof JsonObject o ? o.getValue(field.name()) : null;
        }
        if (step instanceof FieldPath.Index index) {
            return at instanceof JsonArray a && index.index() < a.size() ? a.getValue(index.index()) : null;
        }
        FieldPath.Match match = (FieldPath.Match) step;
        if (!(at instanceof JsonArray array)) {
            return null;
        }
        return array.stream().filter(e -> e instanceof JsonObject o && o.getValue(match.field()) != null
                && String.valueOf(o.getValue(match.field())).equals(match.value())).findFirst().orElse(null);
    }

    /** Numbers compare by value (1 equals 1.0), everything else as text. */
    static boolean matches(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e) {
            return a.doubleValue() == e.doubleValue();
        }
        return String.valueOf(actual).equals(String.valueOf(expected));
    }
}
