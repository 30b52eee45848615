package io.quorate.configdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quorate.configdb.ConfigTree.Applied;
import io.quorate.configdb.ConfigTree.Change;
import io.quorate.configdb.ConfigTree.FileNode;
import io.quorate.configdb.ConfigTree.Listing;
import io.quorate.configdb.ConfigTree.LockState;
import io.quorate.core.Outcome;
import io.quorate.core.Outcome.Refusal;
import io.quorate.protocol.Blob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigTreeTest {
    private static final String LOCK = "ha_manager_lock";
    private static final String LOCK_PATH = "priv/lock/ha_manager_lock";

    private final ConfigTree tree = new ConfigTree();
    private long index;
    private long requestId;

    // ---- files

    @Test
    void writeCreatesAFileAtTheEntryIndex() {
        Applied applied = apply(write(1, "ha/resources.cfg", "vm: 100\n"));
        assertEquals(new Outcome.Done(1, 0), applied.outcome());
        assertEquals(new Change(1, "written", "ha/resources.cfg", 8), applied.change());
        assertEquals(1, tree.version());
        assertEquals(1, tree.file("ha/resources.cfg").orElseThrow().version());
        assertEquals("vm: 100\n", content("ha/resources.cfg"));
        assertEquals(8, tree.totalBytes());
        assertEquals(1, tree.fileCount());
    }

    @Test
    void overwriteTakesTheNewIndexAndAdjustsTheTotal() {
        apply(write(1, "a", "12345"));
        apply(write(1, "b", "xy"));
        Applied applied = apply(write(2, "a", "123"));
        assertEquals(new Outcome.Done(3, 0), applied.outcome());
        assertEquals(3, tree.file("a").orElseThrow().version());
        assertEquals(2, tree.file("b").orElseThrow().version());
        assertEquals("123", content("a"));
        assertEquals(5, tree.totalBytes());
        assertEquals(3, tree.version());
    }

    @Test
    void removeDeletesTheFileAndFreesItsBytes() {
        apply(write(1, "a", "12345"));
        apply(write(1, "b", "xy"));
        Applied applied = apply(remove(2, "a"));
        assertEquals(new Outcome.Done(3, 0), applied.outcome());
        assertEquals(new Change(3, "removed", "a", 0), applied.change());
        assertTrue(tree.file("a").isEmpty());
        assertEquals(2, tree.totalBytes());
        assertEquals(1, tree.fileCount());
    }

    @Test
    void removeOfAMissingFileIsRefusedButCountsAsApplied() {
        apply(write(1, "a", "x"));
        Applied applied = apply(remove(1, "nope"));
        assertRefused(Refusal.NO_SUCH_FILE, "nope", applied);
        assertNull(applied.change());
        assertEquals(2, tree.version(), "a refused entry still advances the version");
        assertEquals(1, tree.fileCount());
    }

    @Test
    void indicesMustIncrease() {
        apply(write(1, "a", "x"));
        assertThrows(IllegalStateException.class, () -> tree.apply(1, write(1, "b", "y")));
        assertThrows(IllegalStateException.class, () -> tree.apply(0, write(1, "b", "y")));
        assertTrue(tree.file("b").isEmpty());
        // gaps are fine (skipped or compacted entries)
        assertEquals(new Outcome.Done(10, 0), tree.apply(10, write(1, "b", "y")).outcome());
    }

    @Test
    void skipAdvancesTheVersionOnly() {
        apply(write(1, "a", "x"));
        byte[] before = tree.snapshot();
        tree.skip(5);
        assertEquals(5, tree.version());
        tree.skip(3);
        assertEquals(5, tree.version(), "skip never goes back");
        assertEquals(1, tree.fileCount());
        assertFalse(Arrays.equals(before, tree.snapshot()));
    }

    @Test
    void invalidPathIsRefused() {
        assertRefused(Refusal.INVALID_PATH, "'..'", apply(write(1, "../etc/passwd", "x")));
        assertRefused(Refusal.INVALID_PATH, "absolute", apply(write(1, "/etc", "x")));
        assertEquals(0, tree.fileCount());
    }

    // ---- limits

    @Test
    void aFileMayHaveExactlyOneMebibyte() {
        apply(new Command.Write(origin(1), "big", Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES]), Guard.NONE));
        assertEquals(ConfigTree.MAX_FILE_BYTES, tree.totalBytes());
        SortedMap<String, FileNode> before = tree.filesUnder("");

        Applied applied = apply(new Command.Write(origin(1), "big", Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES + 1]), Guard.NONE));
        assertRefused(Refusal.TOO_LARGE, "at most " + ConfigTree.MAX_FILE_BYTES, applied);
        assertNull(applied.change());
        assertEquals(before, tree.filesUnder(""), "tree unchanged");
        assertEquals(ConfigTree.MAX_FILE_BYTES, tree.totalBytes());

        assertRefused(Refusal.TOO_LARGE, "new",
                apply(new Command.Write(origin(1), "new", Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES + 1]), Guard.NONE)));
        assertTrue(tree.file("new").isEmpty());
    }

    @Test
    void theTreeMayHoldExactly128MebibytesAndRefusesMoreWithQuota() {
        Blob mebibyte = Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES]);
        int files = (int) (ConfigTree.MAX_TOTAL_BYTES / ConfigTree.MAX_FILE_BYTES);
        assertEquals(128, files);
        for (int i = 0; i < files; i++) {
            assertInstanceOf(Outcome.Done.class, apply(new Command.Write(origin(1), "f/" + i, mebibyte, Guard.NONE)).outcome());
        }
        assertEquals(ConfigTree.MAX_TOTAL_BYTES, tree.totalBytes());
        SortedMap<String, FileNode> before = tree.filesUnder("");

        Applied oneMore = apply(write(1, "f/extra", "x"));
        assertRefused(Refusal.QUOTA, "at most " + ConfigTree.MAX_TOTAL_BYTES, oneMore);
        assertNull(oneMore.change());
        assertEquals(before, tree.filesUnder(""), "tree unchanged");
        assertEquals(ConfigTree.MAX_TOTAL_BYTES, tree.totalBytes());

        // overwriting with the same size fits, growing an existing file does not
        assertInstanceOf(Outcome.Done.class, apply(new Command.Write(origin(1), "f/0", Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES]),
                Guard.NONE)).outcome());
        apply(new Command.Write(origin(1), "f/1", Blob.wrap(new byte[10]), Guard.NONE));
        assertEquals(ConfigTree.MAX_TOTAL_BYTES - ConfigTree.MAX_FILE_BYTES + 10, tree.totalBytes());
        assertInstanceOf(Outcome.Done.class, apply(new Command.Write(origin(1), "f/extra",
                Blob.wrap(new byte[ConfigTree.MAX_FILE_BYTES - 10]), Guard.NONE)).outcome());
        assertEquals(ConfigTree.MAX_TOTAL_BYTES, tree.totalBytes());
        assertRefused(Refusal.QUOTA, "", apply(new Command.Write(origin(1), "f/1", Blob.wrap(new byte[11]), Guard.NONE)));
        assertEquals(10, tree.file("f/1").orElseThrow().content().size());

        // after a remove there is room again
        apply(remove(1, "f/2"));
        assertEquals(ConfigTree.MAX_TOTAL_BYTES - ConfigTree.MAX_FILE_BYTES, tree.totalBytes());
        assertInstanceOf(Outcome.Done.class, apply(new Command.Write(origin(1), "f/1", Blob.wrap(new byte[11]), Guard.NONE)).outcome());
    }

    // ---- listings

    @Test
    void listShowsFilesAndDirectoriesWithTheNewestVersionBelowThem() {
        apply(write(1, "corosync.conf", "totem {}"));            // 1
        apply(write(1, "ha/resources.cfg", "vm: 100"));          // 2
        apply(write(1, "nodes/n1/qemu-server/101.conf", "a"));  // 3
        apply(write(1, "ha/manager_status", "{}"));             // 4
        apply(write(1, "nodes/n2/lxc/200.conf", "bb"));          // 5
        apply(write(1, "nodes/n1/lrm_status", "ccc"));          // 6
        apply(write(1, "hax", "not under ha"));                 // 7

        assertEquals(List.of(
                new Listing("corosync.conf", false, 8, 1),
                new Listing("ha", true, 0, 4),
                new Listing("hax", false, 12, 7),
                new Listing("nodes", true, 0, 6)), tree.list(""));
        assertEquals(List.of(
                new Listing("n1", true, 0, 6),
                new Listing("n2", true, 0, 5)), tree.list("nodes"));
        assertEquals(tree.list("nodes"), tree.list("nodes/"));
        assertEquals(List.of(
                new Listing("lrm_status", false, 3, 6),
                new Listing("qemu-server", true, 0, 3)), tree.list("nodes/n1"));
        assertEquals(List.of(
                new Listing("manager_status", false, 2, 4),
                new Listing("resources.cfg", false, 7, 2)), tree.list("ha"));
        assertEquals(List.of(), tree.list("missing"));
        assertEquals(List.of(), tree.list("corosync.conf"), "a file is no directory");
    }

    @Test
    void filesUnderAPrefix() {
        apply(write(1, "corosync.conf", "1"));
        apply(write(1, "ha/resources.cfg", "2"));
        apply(write(1, "ha/manager_status", "3"));
        apply(write(1, "hax", "4"));
        apply(write(1, "nodes/n1/qemu-server/101.conf", "5"));
        apply(write(1, "nodes/n10/qemu-server/102.conf", "6"));

        assertEquals(List.of("corosync.conf", "ha/manager_status", "ha/resources.cfg", "hax",
                "nodes/n1/qemu-server/101.conf", "nodes/n10/qemu-server/102.conf"), keys(tree.filesUnder("")));
        assertEquals(List.of("ha/manager_status", "ha/resources.cfg"), keys(tree.filesUnder("ha")));
        assertEquals(List.of("ha/manager_status", "ha/resources.cfg"), keys(tree.filesUnder("ha/")));
        assertEquals(List.of("nodes/n1/qemu-server/101.conf"), keys(tree.filesUnder("nodes/n1")));
        assertEquals(List.of("hax"), keys(tree.filesUnder("hax")), "a prefix naming a file gives that file");
        assertEquals(List.of(), keys(tree.filesUnder("h")), "no partial segment match");
        assertEquals(2, tree.filesUnder("ha/resources.cfg").get("ha/resources.cfg").version());
    }

    // ---- locks

    @Test
    void acquiringAFreeLockGivesTheIndexAsEpochAndShowsTheLockFile() {
        apply(write(1, "a", "x"));
        Applied applied = apply(acquire(1, LOCK, 0)); // index 2
        assertEquals(new Outcome.Done(2, 2), applied.outcome());
        assertEquals(new LockState(1, 2, 2), tree.lock(LOCK).orElseThrow());
        FileNode file = tree.file(LOCK_PATH).orElseThrow();
        assertEquals(2, file.version());
        assertEquals("holder 1\nepoch 2\n", content(LOCK_PATH));
        assertEquals(new Change(2, "written", LOCK_PATH, file.content().size()), applied.change());
        assertEquals(1 + file.content().size(), tree.totalBytes());
        assertEquals(List.of(new Listing(LOCK, false, file.content().size(), 2)), tree.list("priv/lock"));
    }

    @Test
    void aLockHeldByAnotherNodeIsRefused() {
        apply(acquire(1, LOCK, 0));
        Applied applied = apply(acquire(2, LOCK, 0));
        assertRefused(Refusal.LOCK_HELD, "held by node 1", applied);
        assertEquals(new LockState(1, 1, 1), tree.lock(LOCK).orElseThrow());
        assertEquals("holder 1\nepoch 1\n", content(LOCK_PATH));
    }

    @Test
    void takeoverSucceedsWhenTheExpectedRenewalIsStillTheLatest() {
        apply(acquire(1, LOCK, 0));                 // 1
        apply(renew(1, LOCK, 1));                   // 2: renewed at 2
        Applied applied = apply(acquire(2, LOCK, 2)); // 3
        assertEquals(new Outcome.Done(3, 3), applied.outcome());
        assertEquals(new LockState(2, 3, 3), tree.lock(LOCK).orElseThrow());
        assertEquals("holder 2\nepoch 3\n", content(LOCK_PATH));
        // the former holder is fenced off
        assertRefused(Refusal.NOT_HOLDER, "held by node 2", apply(renew(1, LOCK, 1)));
        assertRefused(Refusal.STALE_EPOCH, "stale", apply(guardedWrite(1, "ha/manager_status", "old", LOCK, 1)));
    }

    @Test
    void takeoverWithAStaleExpectedRenewalIsRefused() {
        apply(acquire(1, LOCK, 0)); // 1
        apply(renew(1, LOCK, 1));   // 2: node 2 saw this one
        apply(renew(1, LOCK, 1));   // 3: but not this one
        assertRefused(Refusal.LOCK_HELD, "renewed at version 3", apply(acquire(2, LOCK, 2)));
        assertRefused(Refusal.LOCK_HELD, "", apply(acquire(3, LOCK, 1)));
        assertEquals(new LockState(1, 1, 3), tree.lock(LOCK).orElseThrow());
    }

    @Test
    void twoTakeoversOfOneExpiredLockCannotBothSucceed() {
        apply(acquire(1, LOCK, 0)); // 1
        assertInstanceOf(Outcome.Done.class, apply(acquire(2, LOCK, 1)).outcome()); // 2
        assertRefused(Refusal.LOCK_HELD, "held by node 2", apply(acquire(3, LOCK, 1)));
        assertEquals(2, tree.lock(LOCK).orElseThrow().holder());
    }

    @Test
    void reacquiringOwnLockGivesANewEpoch() {
        apply(acquire(1, LOCK, 0)); // 1
        apply(write(1, "x", "y"));  // 2
        Applied again = apply(acquire(1, LOCK, 0)); // 3
        assertEquals(new Outcome.Done(3, 3), again.outcome());
        assertEquals(new LockState(1, 3, 3), tree.lock(LOCK).orElseThrow());
        assertEquals("holder 1\nepoch 3\n", content(LOCK_PATH));
        assertRefused(Refusal.STALE_EPOCH, "current epoch is 3", apply(renew(1, LOCK, 1)));
        assertInstanceOf(Outcome.Done.class, apply(renew(1, LOCK, 3)).outcome());
    }

    @Test
    void renewByTheHolderWithItsEpochMovesTheRenewal() {
        apply(acquire(1, LOCK, 0)); // 1
        apply(write(2, "x", "y"));  // 2
        Applied applied = apply(renew(1, LOCK, 1)); // 3
        assertEquals(new Outcome.Done(3, 1), applied.outcome());
        assertNull(applied.change(), "a renewal changes no file");
        assertEquals(new LockState(1, 1, 3), tree.lock(LOCK).orElseThrow());
        assertEquals(1, tree.file(LOCK_PATH).orElseThrow().version());
    }

    @Test
    void renewWithAWrongEpochOrByAnotherNodeIsRefused() {
        apply(acquire(1, LOCK, 0)); // 1
        assertRefused(Refusal.STALE_EPOCH, "epoch 7", apply(renew(1, LOCK, 7)));
        assertRefused(Refusal.NOT_HOLDER, "held by node 1", apply(renew(2, LOCK, 1)));
        assertRefused(Refusal.STALE_EPOCH, "not held", apply(renew(1, "other_lock", 1)));
        assertEquals(new LockState(1, 1, 1), tree.lock(LOCK).orElseThrow());
    }

    @Test
    void releaseByTheHolderFreesTheLockAndRemovesItsFile() {
        apply(acquire(1, LOCK, 0)); // 1
        long bytesWithLock = tree.totalBytes();
        assertTrue(bytesWithLock > 0);
        Applied applied = apply(release(1, LOCK, 1)); // 2
        assertEquals(new Outcome.Done(2, 1), applied.outcome());
        assertEquals(new Change(2, "removed", LOCK_PATH, 0), applied.change());
        assertTrue(tree.lock(LOCK).isEmpty());
        assertTrue(tree.file(LOCK_PATH).isEmpty());
        assertEquals(0, tree.totalBytes());
        // free again: anybody may take it
        assertEquals(new Outcome.Done(3, 3), apply(acquire(2, LOCK, 0)).outcome());
    }

    @Test
    void releaseWithAWrongEpochOrByAnotherNodeIsRefused() {
        apply(acquire(1, LOCK, 0));
        assertRefused(Refusal.STALE_EPOCH, "stale", apply(release(1, LOCK, 2)));
        assertRefused(Refusal.NOT_HOLDER, "held by node 1", apply(release(2, LOCK, 1)));
        assertRefused(Refusal.STALE_EPOCH, "not held", apply(release(1, "never_taken", 1)));
        assertTrue(tree.lock(LOCK).isPresent());
        assertTrue(tree.file(LOCK_PATH).isPresent());
    }

    @Test
    void invalidLockNamesAreRefused() {
        assertRefused(Refusal.INVALID_PATH, "invalid lock name", apply(acquire(1, "../x", 0)));
        assertRefused(Refusal.INVALID_PATH, "invalid lock name", apply(acquire(1, "", 0)));
        assertRefused(Refusal.INVALID_PATH, "invalid lock name", apply(acquire(1, "-x", 0)));
        assertTrue(tree.locks().isEmpty());
        assertEquals(0, tree.fileCount());
    }

    // ---- guarded writes

    @Test
    void aGuardedWriteWithTheCurrentEpochApplies() {
        apply(acquire(1, LOCK, 0)); // 1
        Applied applied = apply(guardedWrite(1, "ha/manager_status", "{\"master\":\"n1\"}", LOCK, 1)); // 2
        assertEquals(new Outcome.Done(2, 1), applied.outcome());
        assertEquals("{\"master\":\"n1\"}", content("ha/manager_status"));
        Applied removed = apply(new Command.Remove(origin(1), "ha/manager_status", new Guard(LOCK, 1)));
        assertEquals(new Outcome.Done(3, 1), removed.outcome());
    }

    @Test
    void aGuardedWriteWithAStaleEpochIsRefused() {
        apply(acquire(1, LOCK, 0)); // 1
        apply(write(1, "ha/manager_status", "v1")); // 2
        apply(acquire(1, LOCK, 0)); // 3: a new epoch
        Applied applied = apply(guardedWrite(1, "ha/manager_status", "v2", LOCK, 1));
        assertRefused(Refusal.STALE_EPOCH, "current epoch is 3", applied);
        assertEquals("v1", content("ha/manager_status"));
        assertEquals(2, tree.file("ha/manager_status").orElseThrow().version());
        assertRefused(Refusal.STALE_EPOCH, "", apply(new Command.Remove(origin(1), "ha/manager_status", new Guard(LOCK, 1))));
        assertTrue(tree.file("ha/manager_status").isPresent());
    }

    @Test
    void aGuardedWriteByANonHolderIsRefused() {
        apply(acquire(1, LOCK, 0)); // 1
        assertRefused(Refusal.NOT_HOLDER, "held by node 1, not by node 2",
                apply(guardedWrite(2, "ha/manager_status", "mine", LOCK, 1)));
        assertTrue(tree.file("ha/manager_status").isEmpty());
    }

    @Test
    void aGuardedWriteUnderALockNobodyHoldsIsRefused() {
        assertRefused(Refusal.STALE_EPOCH, "not held", apply(guardedWrite(1, "ha/manager_status", "x", LOCK, 1)));
        assertTrue(tree.file("ha/manager_status").isEmpty());
    }

    @Test
    void aLockFileCannotBeWrittenOrRemovedPlainly() {
        assertRefused(Refusal.NOT_HOLDER, "nobody holds", apply(write(1, "priv/lock/x", "mine")));
        assertTrue(tree.file("priv/lock/x").isEmpty());
        apply(acquire(1, "x", 0)); // 2
        assertRefused(Refusal.NOT_HOLDER, "held by node 1", apply(write(1, "priv/lock/x", "mine")));
        assertRefused(Refusal.NOT_HOLDER, "cluster lock", apply(remove(1, "priv/lock/x")));
        assertEquals("holder 1\nepoch 2\n", content("priv/lock/x"));
        // nor under another lock's guard
        apply(acquire(1, LOCK, 0));
        assertRefused(Refusal.NOT_HOLDER, "belongs to lock 'x'", apply(guardedWrite(1, "priv/lock/x", "mine", LOCK, 4)));
        // and the lock's file holds no files below it
        assertRefused(Refusal.INVALID_PATH, "priv/lock/x is a file", apply(write(1, "priv/lock/x/y", "z")));
    }

    // ---- snapshots

    @Test
    void snapshotRoundTripGivesIdenticalBytesAndQueries() throws IOException {
        populate(tree);
        byte[] snapshot = tree.snapshot();
        ConfigTree restored = ConfigTree.restore(snapshot);
        assertArrayEquals(snapshot, restored.snapshot());
        assertArrayEquals(snapshot, tree.snapshot(), "snapshot() does not change the tree");
        assertEquals(tree.version(), restored.version());
        assertEquals(tree.totalBytes(), restored.totalBytes());
        assertEquals(tree.fileCount(), restored.fileCount());
        assertEquals(tree.filesUnder(""), restored.filesUnder(""));
        assertEquals(tree.locks(), restored.locks());
        for (String dir : List.of("", "ha", "nodes", "nodes/n1", "priv/lock", "storage")) {
            assertEquals(tree.list(dir), restored.list(dir), dir);
        }
        // and both go on the same way
        Command next = guardedWrite(2, "ha/manager_status", "after", "ha_agent_n2_lock", 4);
        assertEquals(tree.apply(100, next), restored.apply(100, next));
        assertArrayEquals(tree.snapshot(), restored.snapshot());
    }

    @Test
    void anEmptyTreeRoundTrips() throws IOException {
        byte[] snapshot = new ConfigTree().snapshot();
        ConfigTree restored = ConfigTree.restore(snapshot);
        assertEquals(0, restored.version());
        assertEquals(0, restored.fileCount());
        assertArrayEquals(snapshot, restored.snapshot());
    }

    @Test
    void everyTruncatedSnapshotIsAnIOExceptionWithAMessage() {
        populate(tree);
        byte[] snapshot = tree.snapshot();
        for (int length = 0; length < snapshot.length; length++) {
            byte[] cut = Arrays.copyOf(snapshot, length);
            IOException e = assertThrows(IOException.class, () -> ConfigTree.restore(cut), "cut to " + length);
            assertMessage(e);
        }
    }

    @Test
    void badMagicFormatAndTrailingBytesAreNamed() {
        populate(tree);
        byte[] snapshot = tree.snapshot();
        byte[] magic = snapshot.clone();
        magic[0] ^= 1;
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(magic)).getMessage().contains("magic"));
        byte[] format = snapshot.clone();
        format[4] = 9;
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(format)).getMessage().contains("format 9"));
        byte[] trailing = Arrays.copyOf(snapshot, snapshot.length + 3);
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(trailing)).getMessage().contains("3 trailing bytes"));
    }

    @Test
    void garbledSnapshotsFailOnlyWithAnIOException() {
        populate(tree);
        byte[] snapshot = tree.snapshot();
        Random random = new Random(4242);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] garbled = snapshot.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(garbled.length);
                garbled[at] = random.nextInt(3) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
            }
            try {
                ConfigTree restored = ConfigTree.restore(garbled);
                assertNotNull(restored.snapshot());
            } catch (IOException e) {
                assertMessage(e);
                refused++;
            } catch (Throwable t) {
                fail("case " + i + ": restore threw " + t, t);
            }
        }
        assertTrue(refused > 100, "most garbles are refused, got " + refused);
        byte[] noise = new byte[500];
        for (int i = 0; i < 500; i++) {
            random.nextBytes(noise);
            byte[] input = Arrays.copyOf(noise, random.nextInt(noise.length));
            assertMessage(assertThrows(IOException.class, () -> ConfigTree.restore(input)));
        }
    }

    @Test
    void snapshotsWithImpossibleEntriesAreRefused() throws IOException {
        ConfigTree small = new ConfigTree();
        small.apply(5, write(1, "a", "x"));
        byte[] snapshot = small.snapshot();
        // layout: magic(4) format(1) version(8) count(4) utf-len(2) "a"(1) fileVersion(8) length(4) content(1) locks(4)
        byte[] futureVersion = snapshot.clone();
        futureVersion[4 + 1 + 8 + 4 + 2 + 1 + 7] = 6;
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(futureVersion)).getMessage().contains("invalid file entry"));
        byte[] badPath = snapshot.clone();
        badPath[4 + 1 + 8 + 4 + 2] = '/';
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(badPath)).getMessage().contains("invalid file entry"));
        byte[] negativeLength = snapshot.clone();
        negativeLength[4 + 1 + 8 + 4 + 2 + 1 + 8] = (byte) 0x80;
        assertTrue(assertThrows(IOException.class, () -> ConfigTree.restore(negativeLength)).getMessage().contains("impossible length"));
    }

    // ---- determinism

    @Test
    void treesFedTheSameRandomCommandsAreIdentical() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            List<Command> commands = randomCommands(new Random(seed), 600);
            ConfigTree a = new ConfigTree();
            ConfigTree b = new ConfigTree();
            ConfigTree c = new ConfigTree();
            long at = 0;
            List<Outcome> outcomesA = new ArrayList<>();
            List<Outcome> outcomesC = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                at += 1 + (i % 7 == 0 ? 3 : 0); // now and then a gap, as after a skipped entry
                outcomesA.add(a.apply(at, commands.get(i)).outcome());
                b.apply(at, commands.get(i));
                if (i == commands.size() / 2) {
                    c = ConfigTree.restore(c.snapshot()); // half way, c continues from its own snapshot
                }
                outcomesC.add(c.apply(at, commands.get(i)).outcome());
            }
            assertArrayEquals(a.snapshot(), b.snapshot(), "seed " + seed);
            assertArrayEquals(a.snapshot(), c.snapshot(), "seed " + seed + " through a snapshot");
            assertEquals(outcomesA, outcomesC, "seed " + seed);
            assertTrue(outcomesA.stream().anyMatch(o -> o instanceof Outcome.Refused), "the sequence exercises refusals");
            assertTrue(a.locks().size() + a.fileCount() > 0);
        }
    }

    // ---- helpers

    private static List<Command> randomCommands(Random random, int count) {
        String[] paths = {"a", "ha/resources.cfg", "ha/manager_status", "nodes/n1/qemu-server/101.conf",
            "nodes/n2/lxc/200.conf", "priv/lock/ha_manager_lock", "priv/lock/ha_agent_n1_lock", "ü/ñ"};
        String[] locks = {"ha_manager_lock", "ha_agent_n1_lock", "ha_agent_n2_lock"};
        List<Command> commands = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < count; i++) {
            Origin origin = new Origin(1 + random.nextInt(3), 7, ++id);
            String path = paths[random.nextInt(paths.length)];
            String lock = locks[random.nextInt(locks.length)];
            long epoch = random.nextInt(i + 2);
            Guard guard = random.nextInt(3) == 0 ? new Guard(lock, epoch) : Guard.NONE;
            commands.add(switch (random.nextInt(7)) {
                case 0, 1 -> new Command.Write(origin, path, Blob.wrap(("v" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8)), guard);
                case 2 -> new Command.Remove(origin, path, guard);
                case 3 -> new Command.LockAcquire(origin, lock, random.nextBoolean() ? 0 : random.nextInt(i + 2));
                case 4 -> new Command.LockRenew(origin, lock, epoch);
                case 5 -> new Command.LockRelease(origin, lock, epoch);
                default -> new Command.Noop(Origin.SYSTEM);
            });
        }
        return commands;
    }

    private void populate(ConfigTree target) {
        List<Command> commands = List.of(
                write(1, "corosync.conf", "totem {\n  cluster_name: test\n}\n"),
                write(1, "ha/resources.cfg", "vm: 100\n\tstate started\n"),
                write(2, "nodes/n1/qemu-server/101.conf", "memory: 2048\n"),
                write(2, "nodes/n2/lxc/200.conf", ""),
                write(3, "storage/日本語.cfg", "ü"),
                acquire(1, "ha_manager_lock", 0),
                acquire(2, "ha_agent_n2_lock", 0),
                renew(1, "ha_manager_lock", 6),
                guardedWrite(2, "ha/manager_status", "{\"node_status\":{}}", "ha_agent_n2_lock", 7),
                remove(1, "nodes/n2/lxc/200.conf"));
        long at = 0;
        for (Command command : commands) {
            at++;
            Applied applied = target.apply(at, command);
            assertInstanceOf(Outcome.Done.class, applied.outcome(), command + " -> " + applied.outcome());
        }
    }

    private Applied apply(Command command) {
        return tree.apply(++index, command);
    }

    private Origin origin(int node) {
        return new Origin(node, 99, ++requestId);
    }

    private Command.Write write(int node, String path, String content) {
        return new Command.Write(origin(node), path, Blob.wrap(content.getBytes(StandardCharsets.UTF_8)), Guard.NONE);
    }

    private Command.Write guardedWrite(int node, String path, String content, String lock, long epoch) {
        return new Command.Write(origin(node), path, Blob.wrap(content.getBytes(StandardCharsets.UTF_8)), new Guard(lock, epoch));
    }

    private Command.Remove remove(int node, String path) {
        return new Command.Remove(origin(node), path, Guard.NONE);
    }

    private Command.LockAcquire acquire(int node, String lock, long expectedRenewal) {
        return new Command.LockAcquire(origin(node), lock, expectedRenewal);
    }

    private Command.LockRenew renew(int node, String lock, long epoch) {
        return new Command.LockRenew(origin(node), lock, epoch);
    }

    private Command.LockRelease release(int node, String lock, long epoch) {
        return new Command.LockRelease(origin(node), lock, epoch);
    }

    private String content(String path) {
        return new String(tree.file(path).orElseThrow().content().unsafeArray(), StandardCharsets.UTF_8);
    }

    private static List<String> keys(Map<String, FileNode> files) {
        return new ArrayList<>(new TreeMap<>(files).keySet());
    }

    private static void assertRefused(Refusal reason, String detailFragment, Applied applied) {
        Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, applied.outcome(), () -> "expected " + reason);
        assertEquals(reason, refused.reason(), refused::detail);
        assertTrue(refused.detail().contains(detailFragment), "detail should mention '" + detailFragment + "': " + refused.detail());
        assertNull(applied.change());
    }

    private static void assertMessage(IOException e) {
        assertNotNull(e.getMessage(), () -> "no message on " + e);
        assertFalse(e.getMessage().isBlank());
    }

    @org.junit.jupiter.api.Test
    void aPathIsAFileOrADirectoryNeverBoth() {
        ConfigTree tree = new ConfigTree();
        Origin origin = new Origin(1, 1, 1);
        org.junit.jupiter.api.Assertions.assertInstanceOf(io.quorate.core.Outcome.Done.class,
                tree.apply(1, new Command.Write(origin, "a/b", io.quorate.protocol.Blob.wrap(new byte[] {1}), Guard.NONE)).outcome());
        io.quorate.core.Outcome fileOverDir = tree.apply(2, new Command.Write(new Origin(1, 1, 2), "a",
                io.quorate.protocol.Blob.wrap(new byte[] {2}), Guard.NONE)).outcome();
        org.junit.jupiter.api.Assertions.assertEquals(io.quorate.core.Outcome.Refusal.INVALID_PATH,
                ((io.quorate.core.Outcome.Refused) fileOverDir).reason());
        io.quorate.core.Outcome childOfFile = tree.apply(3, new Command.Write(new Origin(1, 1, 3), "a/b/c",
                io.quorate.protocol.Blob.wrap(new byte[] {3}), Guard.NONE)).outcome();
        org.junit.jupiter.api.Assertions.assertEquals("a/b is a file; it cannot hold a/b/c",
                ((io.quorate.core.Outcome.Refused) childOfFile).detail());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("a/b"), tree.filesUnder("").keySet());
    }
}
