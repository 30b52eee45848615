package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.experiment.FieldPath;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldPathsTest {
    private static final JsonObject STATUS = new JsonObject("""
            {"data":[{"id":"quorum","quorate":1},{"sid":"vm:101","state":"started","node":"n2"},{"sid":"vm:102","state":"fence"}]}""");

    @Test
    void followsFieldsIndexesAndMatches() {
        assertEquals(Optional.of(1), FieldPaths.select(STATUS, FieldPath.parse("data[0].quorate")));
        assertEquals(Optional.of("started"), FieldPaths.select(STATUS, FieldPath.parse("data[sid=vm:101].state")));
        assertEquals(Optional.of("fence"), FieldPaths.select(STATUS, FieldPath.parse("data[sid=vm:102].state")));
    }

    @Test
    void aStepThatFindsNothingGivesNothing() {
        assertEquals(Optional.empty(), FieldPaths.select(STATUS, FieldPath.parse("data[sid=vm:999].state")));
        assertEquals(Optional.empty(), FieldPaths.select(STATUS, FieldPath.parse("data[7].quorate")));
        assertEquals(Optional.empty(), FieldPaths.select(STATUS, FieldPath.parse("data.quorate")));
    }

    @Test
    void numbersCompareByValueTheRestAsText() {
        assertTrue(FieldPaths.matches(1, 1L));
        assertTrue(FieldPaths.matches(1.0, 1));
        assertTrue(FieldPaths.matches("started", "started"));
        assertFalse(FieldPaths.matches("1", 2L));
        assertFalse(FieldPaths.matches(true, "yes"));
    }
}
