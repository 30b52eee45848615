package io.quorate.chaos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small grammars: durations, resource ids, SLO sentences, tolerances, field paths. */
class ValuesTest {
    @ParameterizedTest
    @CsvSource({"500ms,500", "15s,15000", "2m,120000", "1h,3600000", "1m30s,90000", "1h2m3s4ms,3723004", "0s,0", " 15s ,15000"})
    void durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "15|'15' has no unit (ms, s, m, h): write e.g. 15s",
            "15sec|'15sec': unknown unit 'sec' (ms, s, m, h)",
            "1s2m|'1s2m': units must appear once each, largest first (e.g. 1m30s)",
            "1s1s|'1s1s': units must appear once each, largest first (e.g. 1m30s)",
            "1.5s|'1.5s': whole numbers only; use a smaller unit (e.g. 1500ms, 90s)",
            "15 s|'15 s' has no unit (ms, s, m, h): write e.g. 15s",
            "-5s|'-5s' must not carry a sign",
            "s|'s' is not a duration (write e.g. 500ms, 15s, 2m, 1m30s)",
            "99999999999999999999s|'99999999999999999999s' is too large"})
    void badDurations(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage());
    }

    @Test
    void signedDurationsAndFormatting() {
        assertEquals(Duration.ofSeconds(-2), Durations.parseSigned("-2s"));
        assertEquals(Duration.ofMillis(500), Durations.parseSigned("+500ms"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("-2s", Durations.format(Duration.ofSeconds(-2)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1h1s", Durations.format(Duration.ofSeconds(3601)));
    }

    @Test
    void resourceIds() {
        assertEquals(new ResourceId(ResourceId.Type.vm, 101), ResourceId.parse("vm:101"));
        assertEquals("ct:200", ResourceId.parse("ct:200").toString());
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("vm:99"));
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("vm:1000000000"));
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("qemu:101"));
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("vm101"));
    }

    @Test
    void sloSentences() {
        Slo slo = Slo.parse("recover vm:101 within 15s");
        assertEquals(new Slo(Slo.Verb.RECOVER, ResourceId.parse("vm:101"), Duration.ofSeconds(15)), slo);
        assertEquals("recover vm:101 within 15s", slo.toString());
        assertEquals(Duration.ofSeconds(90), Slo.parse("  recover   ct:200   within 1m30s ").within());
        assertEquals(slo, Slo.parse(slo.toString()), "round trip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"recover vm:101", "recover vm:101 in 15s", "restore vm:101 within 15s", "recover 101 within 15s",
            "recover vm:101 within 15", "recover vm:101 within 15s now", "", "recover vm:101 within 0ms"})
    void badSloSentences(String sentence) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Slo.parse(sentence));
        assertTrue(e.getMessage().startsWith("cannot parse '" + sentence + "'") || sentence.isEmpty(), e.getMessage());
    }

    @Test
    void tolerances() {
        assertTrue(Tolerance.parse("== 1").accepts(1));
        assertFalse(Tolerance.parse("== 1").accepts(0));
        assertTrue(Tolerance.parse("=1").accepts(1));
        assertTrue(Tolerance.parse("1").accepts(1));
        assertTrue(Tolerance.parse("!= 0").accepts(2));
        assertTrue(Tolerance.parse("< 0.5").accepts(0.25));
        assertTrue(Tolerance.parse("<= 1").accepts(1));
        assertTrue(Tolerance.parse("> 1").accepts(1.5));
        assertFalse(Tolerance.parse(">= 3").accepts(2));
        assertTrue(Tolerance.parse("[1, 3]").accepts(3));
        assertFalse(Tolerance.parse("[1, 3]").accepts(3.5));
        assertEquals("== 1", Tolerance.parse("==1").toString());
        assertEquals("[0, 2.5]", Tolerance.parse("[0,2.5]").toString());
        assertThrows(IllegalArgumentException.class, () -> Tolerance.parse("=> 1"));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.parse("[3, 1]"));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.parse("== NaN"));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.parse(""));
    }

    @Test
    void fieldPaths() {
        assertEquals(List.of(new FieldPath.Field("data"), new FieldPath.Index(0), new FieldPath.Field("quorate")),
                FieldPath.parse("data[0].quorate").steps());
        assertEquals(List.of(new FieldPath.Field("data"), new FieldPath.Match("sid", "vm:101"), new FieldPath.Field("state")),
                FieldPath.parse("data[sid=vm:101].state").steps());
        assertEquals(List.of(new FieldPath.Field("data"), new FieldPath.Index(1), new FieldPath.Index(2)),
                FieldPath.parse("data[1][2]").steps());
        for (String bad : List.of("", "[0]", "a..b", "a.", ".a", "a[", "a[x]", "a[=1]", "a[-1]", "a[0]b")) {
            assertThrows(IllegalArgumentException.class, () -> FieldPath.parse(bad), bad);
        }
    }

    @Test
    void invariantNames() {
        assertEquals("no_resource_on_two_nodes", Invariant.NO_RESOURCE_ON_TWO_NODES.text());
        assertEquals(Invariant.CONTIGUOUS_SEQUENCES, Invariant.fromText("contiguous_sequences").orElseThrow());
        assertTrue(Invariant.fromText("CONTIGUOUS_SEQUENCES").isEmpty());
    }
}
