package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupMigrationTest {

    private static final GroupsConfig GROUPS = parseGroups("""
            group: pinned
            \tnodes alpha
            \trestricted 1

            group: spread
            \tnodes beta:2,gamma
            \tnofailback 1
            \tcomment from the old days

            group: unused
            \tnodes alpha
            """);

    private static final ResourcesConfig RESOURCES = ResourcesConfig.of(List.of(
            HaResource.of(ResourceId.vm(101)).withGroup(Optional.of("pinned")),
            HaResource.of(ResourceId.vm(102)).withGroup(Optional.of("spread")),
            HaResource.of(ResourceId.ct(103)).withGroup(Optional.of("spread")).withState(RequestedState.STOPPED),
            HaResource.of(ResourceId.vm(104)).withFailback(false),
            HaResource.of(ResourceId.vm(105)).withGroup(Optional.of("missing"))));

    @Test
    void groupsBecomeNodeAffinityRulesNamedAfterThem() throws ConfigException {
        RulesConfig rules = GroupMigration.toRules(GROUPS, RESOURCES, RulesConfig.empty());

        assertEquals("""
                node-affinity: ha-group-pinned
                \tcomment Generated from HA group 'pinned'.
                \tnodes alpha
                \tresources vm:101
                \tstrict 1

                node-affinity: ha-group-spread
                \tcomment from the old days
                \tnodes beta:2,gamma
                \tresources ct:103,vm:102

                """, rules.write(), "unused groups and missing groups make no rule");
        assertEquals(rules, RulesConfig.parse("x", rules.write()));
        assertEquals("ha-group-spread", GroupMigration.ruleId("spread"));
    }

    @Test
    void existingRulesStayAndASameNamedRuleIsReplacedInPlace() {
        NodeAffinityRule stale = NodeAffinityRule.of("ha-group-spread", List.of(ResourceId.vm(999)),
                NodePriorities.ofNodes("delta"), true);
        NodeAffinityRule own = NodeAffinityRule.of("mine", List.of(ResourceId.vm(200)), NodePriorities.ofNodes("alpha"),
                false);
        RulesConfig rules = GroupMigration.toRules(GROUPS, RESOURCES, RulesConfig.of(List.of(stale, own)));

        assertEquals(List.of("ha-group-spread", "mine", "ha-group-pinned"),
                rules.rules().stream().map(HaRule::id).toList());
        NodeAffinityRule spread = (NodeAffinityRule) rules.get("ha-group-spread").orElseThrow();
        assertFalse(spread.strict());
        assertEquals(Set.of(ResourceId.vm(102), ResourceId.ct(103)), spread.resources());
    }

    @Test
    void nofailbackBecomesTheResourcesFailback() {
        ResourcesConfig inMemory = GroupMigration.applyNofailback(GROUPS, RESOURCES);
        assertTrue(inMemory.get(ResourceId.vm(101)).orElseThrow().failback());
        assertFalse(inMemory.get(ResourceId.vm(102)).orElseThrow().failback());
        assertFalse(inMemory.get(ResourceId.ct(103)).orElseThrow().failback());
        assertFalse(inMemory.get(ResourceId.vm(104)).orElseThrow().failback(), "ungrouped resources keep theirs");
        assertTrue(inMemory.get(ResourceId.vm(105)).orElseThrow().failback(), "a missing group has no nofailback");
        assertEquals(Optional.of("spread"), inMemory.get(ResourceId.vm(102)).orElseThrow().group(),
                "in memory the group stays");
    }

    @Test
    void persistentMigrationDropsGroups() {
        GroupMigration.Result result = GroupMigration.migrate(GROUPS, RESOURCES, RulesConfig.empty());
        assertTrue(result.groups().isEmpty());
        assertTrue(result.resources().resources().stream().allMatch(r -> r.group().isEmpty()));
        assertFalse(result.resources().get(ResourceId.vm(102)).orElseThrow().failback());
        assertEquals("""
                vm: 102
                \tfailback 0
                \tstate started

                """, ResourcesConfig.of(List.of(result.resources().get(ResourceId.vm(102)).orElseThrow())).write());
        assertEquals(2, result.rules().rules().size());
        assertEquals(GroupMigration.inMemory(GROUPS, RESOURCES, RulesConfig.empty()).rules(), result.rules());
    }

    private static GroupsConfig parseGroups(String text) {
        try {
            return GroupsConfig.parse("groups", text);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }
}
