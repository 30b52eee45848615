package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import org.junit.jupiter.api.Test;

class DatacenterConfigTest {

    private static final String FILE = """
            #Cluster notes: %C3%A4
            keyboard: en-us
            ha: shutdown_policy=migrate
            crs: ha=static,ha-rebalance-on-start=1,future-option=42
            migration: secure,network=10.0.0.0/24
            something-new: kept as is
            """;

    @Test
    void readsHaOptionsAndKeepsEverythingElse() throws ConfigException {
        DatacenterConfig config = DatacenterConfig.parse(DatacenterConfig.PATH, FILE);
        assertEquals(new HaSettings(ShutdownPolicy.MIGRATE, CrsMode.STATIC, true, FencingMode.WATCHDOG), config.ha());
        assertEquals(FILE, config.write());
        assertEquals(config, DatacenterConfig.parse("again", config.write()));
    }

    @Test
    void defaultsWhenAbsent() throws ConfigException {
        assertEquals(HaSettings.DEFAULTS, DatacenterConfig.parse("x", "keyboard: de\n").ha());
        assertEquals(HaSettings.DEFAULTS, DatacenterConfig.empty().ha());
        assertEquals(ShutdownPolicy.CONDITIONAL, HaSettings.DEFAULTS.shutdownPolicy());
        assertEquals(CrsMode.BASIC, HaSettings.DEFAULTS.crsMode());
        assertEquals("", DatacenterConfig.empty().write());
    }

    @Test
    void changesRewriteOnlyTheirLines() throws ConfigException {
        DatacenterConfig config = DatacenterConfig.parse(DatacenterConfig.PATH, FILE);
        DatacenterConfig changed = config.withHa(config.ha().withShutdownPolicy(ShutdownPolicy.FAILOVER)
                .withCrsMode(CrsMode.BASIC).withFencing(FencingMode.BOTH));
        assertEquals("""
                #Cluster notes: %C3%A4
                keyboard: en-us
                ha: shutdown_policy=failover
                crs: future-option=42,ha=basic,ha-rebalance-on-start=1
                migration: secure,network=10.0.0.0/24
                something-new: kept as is
                fencing: both
                """, changed.write());
        assertEquals(changed.ha(), DatacenterConfig.parse("x", changed.write()).ha());
        assertEquals(changed, DatacenterConfig.parse("x", changed.write()));
        assertEquals(config, config.withHa(config.ha()), "no change, no rewrite");
    }

    @Test
    void missingLinesAreAppended() throws ConfigException {
        DatacenterConfig config = DatacenterConfig.parse("x", "keyboard: de");
        DatacenterConfig changed = config.withHa(HaSettings.DEFAULTS.withShutdownPolicy(ShutdownPolicy.FREEZE)
                .withRebalanceOnStart(true));
        assertEquals("keyboard: de\nha: shutdown_policy=freeze\ncrs: ha-rebalance-on-start=1\n", changed.write());
        assertTrue(DatacenterConfig.parse("x", changed.write()).ha().rebalanceOnStart());
    }

    @Test
    void badValuesAreErrors() {
        assertProblem("ha: shutdown_policy=reboot\n", 1, "ha: unknown shutdown policy 'reboot'");
        assertProblem("keyboard: de\ncrs: ha=dynamic-ish\n", 2, "crs: unknown scheduler mode 'dynamic-ish'");
        assertProblem("crs: ha-rebalance-on-start=sometimes\n", 1, "expected a boolean");
        assertProblem("crs: static\n", 1, "expected 'key=value', got 'static'");
        assertProblem("ha: shutdown_policy=freeze,shutdown_policy=migrate\n", 1, "given twice");
        assertProblem("fencing: ipmi\n", 1, "unknown fencing mode 'ipmi'");
        assertProblem("ha: shutdown_policy=freeze\nha: shutdown_policy=migrate\n", 2,
                "duplicate key 'ha' (first on line 1)");
    }

    @Test
    void unknownLinesAreNotInterpreted() throws ConfigException {
        DatacenterConfig config = DatacenterConfig.parse("x", "this is no key value line\n  # comment\n\nha:\n");
        assertEquals(HaSettings.DEFAULTS, config.ha());
        assertFalse(config.lines().isEmpty());
    }

    private static void assertProblem(String text, int line, String problemPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> DatacenterConfig.parse("datacenter.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
    }
}
