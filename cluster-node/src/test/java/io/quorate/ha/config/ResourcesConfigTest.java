package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourcesConfigTest {

    private static final String FILE = """
            vm: 101
            \tcomment web: front
            \tgroup prefer-node1
            \tmax_restart 3
            \tstate enabled

            ct: 102
            \tfailback 0
            \tmax_relocate 0
            \tstate ignored

            vm: 103
            """;

    @Test
    void readsOptionsAndDefaults() throws ConfigException {
        ResourcesConfig config = ResourcesConfig.parse(ResourcesConfig.PATH, FILE);

        assertEquals(List.of(ResourceId.vm(101), ResourceId.ct(102), ResourceId.vm(103)),
                config.resources().stream().map(HaResource::sid).toList());
        HaResource vm101 = config.get(ResourceId.parse("vm:101")).orElseThrow();
        assertEquals(RequestedState.STARTED, vm101.state(), "enabled is an alias of started");
        assertEquals(Optional.of("prefer-node1"), vm101.group());
        assertEquals(3, vm101.maxRestart());
        assertEquals(1, vm101.maxRelocate());
        assertTrue(vm101.failback());
        assertEquals(Optional.of("web: front"), vm101.comment());
        HaResource ct102 = config.get(ResourceId.ct(102)).orElseThrow();
        assertEquals(RequestedState.IGNORED, ct102.state());
        assertFalse(ct102.failback());
        assertEquals(0, ct102.maxRelocate());
        assertEquals(HaResource.of(ResourceId.vm(103)), config.get(ResourceId.vm(103)).orElseThrow());
    }

    @Test
    void writesStableProxmoxLayout() throws ConfigException {
        ResourcesConfig config = ResourcesConfig.parse(ResourcesConfig.PATH, FILE);
        String expected = """
                vm: 101
                \tcomment web: front
                \tgroup prefer-node1
                \tmax_restart 3
                \tstate started

                ct: 102
                \tfailback 0
                \tmax_relocate 0
                \tstate ignored

                vm: 103
                \tstate started

                """;
        assertEquals(expected, config.write());
        assertEquals(config, ResourcesConfig.parse("again", config.write()));
        assertEquals(expected, ResourcesConfig.parse("again", expected).write());
    }

    @Test
    void roundTripsEveryOption() throws ConfigException {
        ResourcesConfig config = ResourcesConfig.of(List.of(
                new HaResource(ResourceId.ct(999_999_999), RequestedState.DISABLED, Optional.of("g_1"), 0, 7, false,
                        Optional.of("  padded comment  ")),
                HaResource.of(ResourceId.vm(100)).withState(RequestedState.STOPPED)));
        assertEquals(Optional.of("padded comment"), config.resources().get(0).comment(), "comments are stripped");
        assertEquals(config, ResourcesConfig.parse("x", config.write()));
        assertEquals(ResourcesConfig.empty(), ResourcesConfig.parse("x", ResourcesConfig.empty().write()));
    }

    @Test
    void editsKeepOrder() {
        ResourcesConfig config = ResourcesConfig.of(List.of(HaResource.of(ResourceId.vm(101)),
                HaResource.of(ResourceId.vm(102))));
        ResourcesConfig edited = config.with(HaResource.of(ResourceId.vm(101)).withMaxRestart(5))
                .with(HaResource.of(ResourceId.ct(200))).without(ResourceId.vm(102));
        assertEquals(List.of(ResourceId.vm(101), ResourceId.ct(200)),
                edited.resources().stream().map(HaResource::sid).toList());
        assertEquals(5, edited.get(ResourceId.vm(101)).orElseThrow().maxRestart());
        assertEquals(2, config.size(), "the original is unchanged");
    }

    @Test
    void badSidIsAnError() {
        assertProblem("vm: 99\n", 1, "invalid VMID '99' in 'vm:99': must be 100..999999999 without leading zeros");
        assertProblem("vm: 0101\n", 1, "invalid VMID '0101'");
        assertProblem("ct: 1000000000\n", 1, "invalid VMID '1000000000'");
        assertProblem("vm: web\n", 1, "invalid VMID 'web'");
        assertProblem("qemu: 101\n", 1, "no such resource type 'qemu' in 'qemu: 101' (known: ct, vm)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("101"));
        assertTrue(e.getMessage().contains("expected '<type>:<name>'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("VM:101"));
    }

    @Test
    void unknownStateIsAnError() {
        assertProblem("vm: 101\n\tstate runing\n", 2, "vm:101: invalid value for 'state': unknown state 'runing',"
                + " expected one of started, stopped, disabled, ignored ('enabled' is an alias of 'started')");
        assertProblem("vm: 101\n\tstate\n", 2, "vm:101: invalid value for 'state': unknown state ''");
    }

    @Test
    void badValuesAndUnknownKeysAreErrors() {
        assertProblem("vm: 101\n\tmax_restart -1\n", 2, "vm:101: invalid value for 'max_restart': -1 is out of range");
        assertProblem("vm: 101\n\tmax_relocate two\n", 2, "expected an integer, got 'two'");
        assertProblem("vm: 101\n\tfailback maybe\n", 2, "expected a boolean (0 or 1), got 'maybe'");
        assertProblem("vm: 101\n\tgroup 1bad\n", 2, "invalid group id '1bad'");
        assertProblem("vm: 101\n\tnode node1\n", 2, "vm:101: unknown key 'node' (known: comment, failback, group,"
                + " max_relocate, max_restart, state)");
        assertProblem("vm: 101\n\tstate started\n\nvm:101\n", 4, "duplicate");
        assertProblem("\tstate started\n", 1, "outside a section");
    }

    @Test
    void extraTypesCanBeRegistered() throws ConfigException {
        ResourcesConfig config = ResourcesConfig.parse("sim", "fa: 1301\n\tstate started\n",
                Set.of("vm", "ct", "fa"));
        assertEquals(ResourceId.parse("fa:1301"), config.resources().get(0).sid());
        assertFalse(config.resources().get(0).sid().isGuest());
    }

    @Test
    void modelValidates() {
        assertThrows(IllegalArgumentException.class, () -> HaResource.of(ResourceId.vm(101)).withMaxRestart(-1));
        assertThrows(IllegalArgumentException.class,
                () -> HaResource.of(ResourceId.vm(101)).withComment(Optional.of("two\nlines")));
        assertThrows(IllegalArgumentException.class,
                () -> HaResource.of(ResourceId.vm(101)).withComment(Optional.of("x".repeat(4097))));
        assertThrows(IllegalArgumentException.class, () -> ResourcesConfig.of(List.of(
                HaResource.of(ResourceId.vm(101)), HaResource.of(ResourceId.vm(101)))));
        assertThrows(IllegalArgumentException.class, () -> ResourceId.vm(99));
    }

    private static void assertProblem(String text, int line, String problemPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> ResourcesConfig.parse("ha/resources.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals("ha/resources.cfg", e.source());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
    }
}
