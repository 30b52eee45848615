package io.quorate.configdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.core.Outcome;
import io.quorate.core.Outcome.Refusal;
import io.quorate.events.ConfigEvent;
import io.quorate.protocol.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three {@link ConfigDb}s on a fake clock and an in-memory network ({@link ConfigDbCluster}). */
class RaftCoreClusterTest {
    private static final RaftTimers TIMERS = RaftTimers.forToken(ConfigDbCluster.TOKEN_MS);

    @Test
    void aWriteOnAFollowerIsForwardedCommittedAndAppliedEverywhere() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 1);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        int follower = otherThan(leader);

        long request = cluster.write(follower, "ha/resources.cfg", "vm: 100\n");
        assertTrue(cluster.reply(request).isEmpty(), "a forwarded write is not answered before it commits");
        Outcome.Done done = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(request, 1_000));
        assertEquals(follower, cluster.reply(request).orElseThrow().node());
        assertEquals(0, done.epoch());
        assertTrue(done.version() > 1, "after the leader's no-op");
        assertEquals(done.version(), cluster.node(follower).version(), "a follower answers once it applied the write itself");

        // the leader proposed it (forwarded, origin the follower), then everyone applies it
        assertTrue(cluster.events(leader, ConfigEvent.Proposed.class).stream()
                .anyMatch(p -> p.version() == done.version() && p.path().equals("ha/resources.cfg") && p.origin().equals("n" + follower)));
        cluster.awaitConverged(1_000);
        for (int id : cluster.ids()) {
            ConfigTree.FileNode file = cluster.node(id).tree().file("ha/resources.cfg").orElseThrow();
            assertEquals(done.version(), file.version(), "n" + id);
            assertEquals("vm: 100\n", new String(file.content().unsafeArray(), StandardCharsets.UTF_8));
            assertTrue(cluster.events(id, ConfigEvent.Committed.class).stream().anyMatch(c -> c.version() == done.version()));
        }
        assertEquals(1, cluster.replies(request).size(), "one answer per request");
    }

    @Test
    void aWriteOnTheLeaderCommitsToo() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 2);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        Outcome.Done first = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "a", "1"), 1_000));
        Outcome.Done second = assertInstanceOf(Outcome.Done.class,
                cluster.awaitReply(cluster.write(otherThan(leader), "a", "2"), 1_000));
        assertTrue(second.version() > first.version());
        cluster.awaitConverged(1_000);
        for (int id : cluster.ids()) {
            assertEquals(second.version(), cluster.node(id).tree().file("a").orElseThrow().version());
        }
    }

    @Test
    void withoutTheQuorumFlagRequestsAreRefusedAtOnce() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 3);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        Outcome.Done written = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "a", "1"), 1_000));
        cluster.awaitConverged(1_000);
        Outcome.Refused noQuorum = new Outcome.Refused(Refusal.NO_QUORUM, "cluster not ready - no quorum?");
        for (int node : List.of(leader, otherThan(leader))) {
            long write = cluster.write(node, "b", "x", Guard.NONE, false);
            assertEquals(noQuorum, cluster.reply(write).orElseThrow().outcome(), "answered in the same step");
            long remove = cluster.remove(node, "a", false);
            assertEquals(noQuorum, cluster.reply(remove).orElseThrow().outcome());
            long acquire = cluster.acquire(node, "ha_manager_lock", false);
            assertEquals(noQuorum, cluster.reply(acquire).orElseThrow().outcome());
            long renew = cluster.renew(node, "ha_manager_lock", 1, false);
            assertEquals(noQuorum, cluster.reply(renew).orElseThrow().outcome());
        }
        cluster.runFor(3_000);
        for (int id : cluster.ids()) {
            assertEquals(written.version(), cluster.node(id).version(), "nothing was proposed");
            assertTrue(cluster.node(id).tree().file("b").isEmpty());
        }
        assertTrue(cluster.events(leader, ConfigEvent.Rejected.class).stream().anyMatch(r -> r.reason().equals("no_quorum")));
    }

    @Test
    void consistentReadsAreReadyAtOrPastTheLastWrite() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 4);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        int follower = otherThan(leader);
        Outcome.Done done = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "a", "1"), 1_000));

        // a follower that has not heard of the commit yet still reads the write
        long read = cluster.read(follower);
        Outcome.ReadReady ready = assertInstanceOf(Outcome.ReadReady.class, cluster.awaitReply(read, 1_000));
        assertTrue(ready.readIndex() >= done.version(), ready + " after " + done);
        assertTrue(cluster.node(follower).version() >= ready.readIndex());
        assertTrue(cluster.node(follower).tree().file("a").isPresent());

        long leaderRead = cluster.read(leader);
        assertTrue(cluster.reply(leaderRead).isEmpty(), "the leader confirms itself with a heartbeat round first");
        Outcome.ReadReady leaderReady = assertInstanceOf(Outcome.ReadReady.class, cluster.awaitReply(leaderRead, 1_000));
        assertTrue(leaderReady.readIndex() >= done.version());
    }

    @Test
    void aReadWithoutALeaderIsRefused() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 5);
        cluster.startAll();
        long read = cluster.read(1);
        Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, cluster.reply(read).orElseThrow().outcome());
        assertEquals(Refusal.NO_LEADER, refused.reason());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 60, 600, 6000})
    void anIsolatedLeaderCannotCommitAndItsEntryIsOverwrittenAfterHealing(long seed) {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, seed);
        cluster.startAll();
        int old = cluster.awaitLeader();
        long oldTerm = cluster.node(old).term();
        assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(old, "a", "before"), 1_000));
        cluster.awaitConverged(1_000);

        cluster.isolate(old);
        long lost = cluster.write(old, "a", "lost"); // votequorum has not noticed yet: the flag still says quorate
        long lostIndex = cluster.node(old).lastLogIndex();

        Set<Integer> majority = Set.of(otherThan(old), otherThan(old, otherThan(old)));
        int leader = cluster.awaitLeader(majority, 10_000);
        assertNotEquals(old, leader);
        assertTrue(cluster.node(leader).term() > oldTerm);
        Outcome.Done won = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "a", "won"), 1_000));

        assertTrue(cluster.reply(lost).isEmpty(), "the old leader's write is not answered");
        assertFalse(cluster.node(old).isLeader(), "check-quorum made the old leader step down");
        assertTrue(cluster.node(old).commitIndex() < lostIndex, "its entry never committed");
        assertEquals("before", content(cluster.node(old), "a"));
        LogEntry stale = cluster.disk(old).entry(lostIndex);
        assertEquals(oldTerm, stale.term(), "the old leader still has its own entry at " + lostIndex);

        cluster.heal();
        // the old leader learns of the new one and sends its unanswered write there: it commits
        // after "won" (the two were concurrent, so either order is linearizable), and is answered once
        Outcome.Done retried = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(lost, 10_000));
        assertTrue(retried.version() > won.version(), retried + " after " + won);
        cluster.awaitConverged(10_000);
        assertEquals(leader, cluster.agreedLeader(), "the new leader stays");
        byte[] reference = cluster.node(leader).tree().snapshot();
        for (int id : cluster.ids()) {
            assertArrayEquals(reference, cluster.node(id).tree().snapshot(), "n" + id);
            assertEquals("lost", content(cluster.node(id), "a"));
            assertEquals(retried.version(), cluster.node(id).tree().file("a").orElseThrow().version());
        }
        assertNotEquals(oldTerm, cluster.disk(old).entry(lostIndex).term(), "the uncommitted entry was overwritten on disk");
        cluster.runFor(10_000);
        assertEquals(1, cluster.replies(lost).size(), "answered once");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 70, 700})
    void aFollowerFarBehindCatchesUpThroughSnapshotChunks(long seed) {
        RaftTimers timers = TIMERS.withSnapshotEvery(20, 64);
        ConfigDbCluster cluster = new ConfigDbCluster(3, timers, seed);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        int behind = otherThan(leader);
        cluster.isolate(behind);
        long versionBefore = cluster.node(behind).version();

        Set<Integer> majority = Set.of(leader, otherThan(leader, behind));
        int last = 0;
        for (int i = 0; i < 50; i++) {
            int at = i % 2 == 0 ? leader : otherThan(leader, behind);
            assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(at, "nodes/n1/qemu-server/" + (100 + i) + ".conf",
                    "memory: " + (512 * i) + "\n"), 2_000), "write " + i);
            last = i;
        }
        assertEquals(leader, cluster.agreedLeader(majority));
        assertTrue(cluster.disk(leader).snapshotIndex() > cluster.node(behind).lastLogIndex(),
                "the leader compacted past what the follower has");
        assertTrue(cluster.events(behind, ConfigEvent.SnapshotInstalled.class).isEmpty());
        assertEquals(versionBefore, cluster.node(behind).version());

        cluster.heal();
        cluster.awaitConverged(10_000);
        List<ConfigEvent.SnapshotInstalled> installed = cluster.events(behind, ConfigEvent.SnapshotInstalled.class);
        assertFalse(installed.isEmpty(), "the follower installed a snapshot");
        byte[] reference = cluster.node(leader).tree().snapshot();
        assertTrue(reference.length > 64 * 10, "the snapshot took many chunks");
        assertTrue(cluster.events().stream().noneMatch(e -> e.node() == behind && e.event() instanceof ConfigEvent.Rejected));
        for (int id : cluster.ids()) {
            assertArrayEquals(reference, cluster.node(id).tree().snapshot(), "n" + id);
        }
        assertEquals("memory: " + (512 * last) + "\n", content(cluster.node(behind), "nodes/n1/qemu-server/" + (100 + last) + ".conf"));
        assertTrue(cluster.disk(behind).hasSnapshot() && cluster.disk(behind).snapshotIndex() >= installed.get(0).version(),
                "the installed snapshot is on the follower's disk");
        assertEquals(leader, cluster.agreedLeader(), "catching up did not disturb the leader");

        // and it keeps up from the log afterwards
        Outcome.Done after = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(behind, "after", "x"), 2_000));
        assertEquals(after.version(), cluster.node(behind).version());
    }

    @Test
    void aRestartedNodeRejoinsFromItsDisk() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS.withSnapshotEvery(20, 64), 8);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        for (int i = 0; i < 30; i++) {
            assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "f" + i, "v" + i), 2_000));
        }
        cluster.awaitConverged(1_000);
        int follower = otherThan(leader);
        cluster.crash(follower);
        assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "while-down", "x"), 2_000));
        cluster.start(follower);
        cluster.awaitConverged(10_000);
        assertArrayEquals(cluster.node(leader).tree().snapshot(), cluster.node(follower).tree().snapshot());
    }

    @Test
    void nodelistChangesGoOneVoterAtATime() {
        ConfigDbCluster cluster = new ConfigDbCluster(3, TIMERS, 9, ConfigDbRegressionTest::parse);
        cluster.startAll();
        int leader = cluster.awaitLeader();
        int kept = otherThan(leader);
        int removed = otherThan(leader, kept);
        assertEquals(Set.of(1, 2, 3), cluster.node(leader).logMembership().voters());

        Outcome.Done change = assertInstanceOf(Outcome.Done.class, cluster.awaitReply(
                cluster.write(kept, ConfigDb.COROSYNC_CONF, ConfigDbRegressionTest.conf(2, leader, kept)), 2_000));
        for (int id : List.of(leader, kept)) {
            assertEquals(Set.of(leader, kept), cluster.node(id).logMembership().voters(), "n" + id);
            assertEquals(change.version(), cluster.node(id).nodelistMarker());
        }
        assertEquals(ConfigDbRegressionTest.conf(2, leader, kept), cluster.node(leader).effectiveCorosyncConf());

        assertRefused(Refusal.INVALID_CONTENT, "one node at a time", cluster.awaitReply(
                cluster.write(leader, ConfigDb.COROSYNC_CONF, ConfigDbRegressionTest.conf(3, leader, removed, 4, 5)), 1_000));
        assertRefused(Refusal.INVALID_CONTENT, "config_version 2 must be above the current 2", cluster.awaitReply(
                cluster.write(leader, ConfigDb.COROSYNC_CONF, ConfigDbRegressionTest.conf(2, leader, kept, removed)), 1_000));
        assertRefused(Refusal.INVALID_CONTENT, "does not load", cluster.awaitReply(
                cluster.write(kept, ConfigDb.COROSYNC_CONF, "totem {"), 1_000));
        assertRefused(Refusal.INVALID_CONTENT, "cannot be removed", cluster.awaitReply(
                cluster.remove(leader, ConfigDb.COROSYNC_CONF, true), 1_000));

        // two voters left: both are needed, the removed node gets nothing
        long removedVersion = cluster.node(removed).version();
        assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, "two", "voters"), 1_000));
        cluster.runFor(3_000);
        assertTrue(cluster.node(removed).tree().file("two").isEmpty());
        assertTrue(cluster.node(removed).version() <= removedVersion + 1);

        // and back: it catches up
        assertInstanceOf(Outcome.Done.class, cluster.awaitReply(cluster.write(leader, ConfigDb.COROSYNC_CONF,
                ConfigDbRegressionTest.conf(3, leader, kept, removed)), 2_000));
        cluster.awaitConverged(5_000);
        for (int id : cluster.ids()) {
            assertEquals(Set.of(1, 2, 3), cluster.node(id).logMembership().voters(), "n" + id);
            assertTrue(cluster.node(id).tree().file("two").isPresent(), "n" + id);
        }
    }

    // ---- helpers

    private static void assertRefused(Refusal reason, String detailFragment, Outcome outcome) {
        Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, outcome);
        assertEquals(reason, refused.reason(), refused.detail());
        assertTrue(refused.detail().contains(detailFragment), refused.detail());
    }

    private static int otherThan(int... excluded) {
        for (int id = 1; id <= 3; id++) {
            int candidate = id;
            if (java.util.Arrays.stream(excluded).noneMatch(x -> x == candidate)) {
                return id;
            }
        }
        throw new IllegalArgumentException();
    }

    private static String content(ConfigDb db, String path) {
        return new String(db.tree().file(path).orElseThrow().content().unsafeArray(), StandardCharsets.UTF_8);
    }
}
