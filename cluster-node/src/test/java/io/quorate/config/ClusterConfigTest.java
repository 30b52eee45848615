package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

    @Test
    void loadsCorosyncsOwnThreeNodeConfig() throws ConfigException {
        ClusterConfig config = ClusterConfig.parse(TestConfigs.resource(TestConfigs.COROSYNC_3NODE), "ref.conf");

        assertEquals("anchor", config.clusterName());
        assertEquals(1, config.configVersion());
        assertEquals(List.of(
                new NodeEntry("cs1", 1, 1, "10.99.0.1", 5405),
                new NodeEntry("cs2", 2, 1, "10.99.0.2", 5405),
                new NodeEntry("cs3", 3, 1, "10.99.0.3", 5405)), config.nodes());
        assertTrue(config.secauth());
        // logging and system are kept, not interpreted
        assertEquals(1, config.tree().sections("system").size());
    }

    @Test
    void loadsAProxmoxGeneratedConfig() throws ConfigException {
        ClusterConfig config = ClusterConfig.parse(TestConfigs.resource(TestConfigs.PVE_3NODE), "pve.conf");

        assertEquals("homelab", config.clusterName());
        assertEquals(3, config.configVersion());
        assertEquals(List.of("pve1", "pve2", "pve3"), config.nodes().stream().map(NodeEntry::name).toList());
        assertEquals(2, config.node("pve3").orElseThrow().votes());
        assertEquals("pve2", config.node(2).orElseThrow().name());
        assertEquals("192.168.10.12", config.node("pve2").orElseThrow().host());
        assertTrue(config.node("pve4").isEmpty());
        assertTrue(config.node(4).isEmpty());
    }

    @Test
    void appliesCorosyncDefaults() throws ConfigException {
        ClusterConfig config = ClusterConfig.parse(TestConfigs.minimal(), "min.conf");

        assertEquals(0, config.configVersion());
        assertEquals(3000, config.token());
        assertEquals(3600, config.consensus());
        assertTrue(config.secauth());
        assertEquals("knet", config.transport());
        assertEquals(1, config.nodes().get(0).votes());
        assertEquals(new QuorumSettings(null, false, false, false, 10_000, false), config.quorum());
    }

    @Test
    void consensusDefaultFollowsAConfiguredToken() throws ConfigException {
        ClusterConfig config = ClusterConfig.parse(
                TestConfigs.minimal().replace("cluster_name: test", "cluster_name: test\n  token: 50"), "t.conf");

        assertEquals(50, config.token());
        assertEquals(60, config.consensus());
    }

    @Test
    void readsEveryQuorumOption() throws ConfigException {
        QuorumSettings quorum = ClusterConfig.parse(TestConfigs.minimal("expected_votes: 3", "last_man_standing: 1",
                "last_man_standing_window: 20000", "auto_tie_breaker: 1", "wait_for_all: 1"), "q.conf").quorum();

        assertEquals(new QuorumSettings(3, false, true, true, 20_000, true), quorum);
    }

    @Test
    void twoNodeImpliesWaitForAllUnlessSetExplicitly() throws ConfigException {
        assertTrue(ClusterConfig.parse(TestConfigs.minimal("two_node: 1"), "q.conf").quorum().waitForAll());
        assertFalse(ClusterConfig.parse(TestConfigs.minimal("two_node: 1", "wait_for_all: 0"), "q.conf")
                .quorum().waitForAll());
        assertNull(ClusterConfig.parse(TestConfigs.minimal("two_node: 1"), "q.conf").quorum().expectedVotes());
    }

    @Test
    void newerPicksTheHigherConfigVersionAndKeepsTheFirstOnATie() throws ConfigException {
        ClusterConfig v3 = ClusterConfig.parse(TestConfigs.resource(TestConfigs.PVE_3NODE), "pve.conf");
        ClusterConfig v4 = v3.withNode("pve4", "192.168.10.14");
        ClusterConfig otherV3 = ClusterConfig.parse(TestConfigs.resource(TestConfigs.PVE_3NODE), "other.conf");

        assertSame(v4, ClusterConfig.newer(v3, v4));
        assertSame(v4, ClusterConfig.newer(v4, v3));
        assertSame(otherV3, ClusterConfig.newer(otherV3, v3));
    }

    @Test
    void loadsFromAPathAndNamesThePathInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("corosync.conf");
        Files.writeString(good, TestConfigs.resource(TestConfigs.PVE_3NODE));
        Path bad = dir.resolve("broken.conf");
        Files.writeString(bad, "totem {\n  cluster_name: x\n");

        assertEquals("homelab", ClusterConfig.load(good).clusterName());
        assertEquals(good.toString(), ClusterConfig.load(good).source());
        assertEquals(bad + ":1: section 'totem' is not closed",
                assertThrows(ConfigException.class, () -> ClusterConfig.load(bad)).getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ClusterConfig.load(dir.resolve("none")));
        assertTrue(missing.getMessage().equals(dir.resolve("none") + ": cannot read file (NoSuchFileException)"), missing.getMessage());
    }
}
