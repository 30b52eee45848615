package io.quorate.configdb;

import io.quorate.core.Outcome;
import io.quorate.core.Outcome.Refusal;
import io.quorate.protocol.Blob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated state: files with the version at which each last changed, and cluster locks. It
 * is a pure function of the commands applied in log order, so every node that applied the same
 * prefix of the log holds the same tree (checked by the simulator).
 */
public final class ConfigTree {
    /** pmxcfs limits. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 128L * 1024 * 1024;
    private static final int SNAPSHOT_MAGIC = 0x51545245; // "QTRE"
    private static final int SNAPSHOT_FORMAT = 2;
    /** Request ids remembered per client session, and sessions remembered, to drop duplicated commands. */
    static final int REQUESTS_PER_SESSION = 256;
    static final int SESSIONS = 1024;

    public record FileNode(Blob content, long version) {
    }

    /** {@code renewedAt}: the version of the acquisition or last renewal. */
    public record LockState(int holder, long epoch, long renewedAt) {
    }

    /** A change for watchers and events: {@code kind} is {@code written} or {@code removed}. */
    public record Change(long version, String kind, String path, int bytes) {
    }

    /** The outcome of applying one command, and the file change it made (null when none). */
    public record Applied(Outcome outcome, Change change) {
    }

    /** One entry of a directory listing: a file, or a directory with the newest version below it. */
    public record Listing(String name, boolean directory, int bytes, long version) {
    }

    private final TreeMap<String, FileNode> files = new TreeMap<>();
    private final TreeMap<String, LockState> locks = new TreeMap<>();
    private long totalBytes;
    private long version;
    /**
     * Recently applied request ids by client session (first seen first): a command that arrives
     * twice (a duplicated forward) is applied once. Part of the replicated state, so every node
     * drops the same duplicates.
     */
    private final java.util.LinkedHashMap<Long, java.util.TreeSet<Long>> sessions = new java.util.LinkedHashMap<>();

    /** The log index of the last command applied. */
    public long version() {
        return version;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public int fileCount() {
        return files.size();
    }

    public Optional<FileNode> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public Optional<LockState> lock(String name) {
        return Optional.ofNullable(locks.get(name));
    }

    public SortedMap<String, LockState> locks() {
        return Collections.unmodifiableSortedMap(locks);
    }

    /** Files at or below {@code prefix} ("" for all), in path order. */
    public SortedMap<String, FileNode> filesUnder(String prefix) {
        String dir = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        // every path starting with "dir/" sorts in [dir/, dir0): '0' is the character after '/'
        NavigableMap<String, FileNode> below = dir.isEmpty() ? files
                : files.subMap(dir, true, dir.substring(0, dir.length() - 1) + (char) ('/' + 1), false);
        TreeMap<String, FileNode> result = new TreeMap<>(below);
        if (!prefix.isEmpty() && !prefix.endsWith("/") && files.containsKey(prefix)) {
            result.put(prefix, files.get(prefix));
        }
        return result;
    }

    /** The entries directly inside directory {@code dir} ("" for the root). */
    public List<Listing> list(String dir) {
        String prefix = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
        TreeMap<String, Listing> entries = new TreeMap<>();
        for (var e : filesUnder(prefix).entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                entries.put(rest, new Listing(rest, false, e.getValue().content().size(), e.getValue().version()));
            } else {
                String name = rest.substring(0, slash);
                Listing previous = entries.get(name);
                long newest = Math.max(previous == null ? 0 : previous.version(), e.getValue().version());
                entries.put(name, new Listing(name, true, 0, newest));
            }
        }
        return new ArrayList<>(entries.values());
    }

    /** Applies the command at log index {@code index}; deterministic. */
    public Applied apply(long index, Command command) {
        if (index <= version) {
            throw new IllegalStateException("command at index " + index + " applied after index " + version);
        }
        version = index;
        if (isDuplicate(command.origin())) {
            return refused(Refusal.DUPLICATE, "request " + command.origin().requestId() + " of node "
                    + command.origin().nodeId() + " was applied already");
        }
        if (command instanceof Command.Write write) {
            return write(index, write);
        } else if (command instanceof Command.Remove remove) {
            return remove(index, remove);
        } else if (command instanceof Command.LockAcquire acquire) {
            return acquire(index, acquire);
        } else if (command instanceof Command.LockRenew renew) {
            return renew(index, renew);
        } else if (command instanceof Command.LockRelease release) {
            return release(index, release);
        }
        return new Applied(new Outcome.Done(index, 0), null);
    }

    /** Notes the request as applied; true if it was applied before (or is too old to tell, which counts as before). */
    private boolean isDuplicate(Origin origin) {
        if (origin.session() == 0) {
            return false;
        }
        java.util.TreeSet<Long> seen = sessions.get(origin.session());
        if (seen == null) {
            if (sessions.size() >= SESSIONS) {
                sessions.remove(sessions.keySet().iterator().next());
            }
            seen = new java.util.TreeSet<>();
            sessions.put(origin.session(), seen);
        } else if (seen.contains(origin.requestId())
                || (seen.size() >= REQUESTS_PER_SESSION && origin.requestId() < seen.first())) {
            return true;
        }
        seen.add(origin.requestId());
        if (seen.size() > REQUESTS_PER_SESSION) {
            seen.pollFirst();
        }
        return false;
    }

    /** Skips an entry that carries no command this node understands (counted as applied). */
    public void skip(long index) {
        version = Math.max(version, index);
    }

    private Applied write(long index, Command.Write write) {
        Optional<String> problem = TreePath.problem(write.path());
        if (problem.isPresent()) {
            return refused(Refusal.INVALID_PATH, problem.get());
        }
        if (write.content().size() > MAX_FILE_BYTES) {
            return refused(Refusal.TOO_LARGE, write.path() + " is " + write.content().size()
                    + " bytes; a file may have at most " + MAX_FILE_BYTES);
        }
        Optional<Applied> guardRefusal = checkGuard(write.origin(), write.path(), write.guard());
        if (guardRefusal.isPresent()) {
            return guardRefusal.get();
        }
        Optional<String> shapeProblem = fileOrDirectoryConflict(write.path());
        if (shapeProblem.isPresent()) {
            return refused(Refusal.INVALID_PATH, shapeProblem.get());
        }
        FileNode old = files.get(write.path());
        long after = totalBytes - (old == null ? 0 : old.content().size()) + write.content().size();
        // corosync.conf is exempt: its nodelist took effect when it entered the log, so applying it must not fail
        if (after > MAX_TOTAL_BYTES && !write.path().equals(ConfigDb.COROSYNC_CONF)) {
            return refused(Refusal.QUOTA, "the tree would hold " + after + " bytes; at most " + MAX_TOTAL_BYTES + " are allowed");
        }
        totalBytes = after;
        files.put(write.path(), new FileNode(write.content(), index));
        return new Applied(new Outcome.Done(index, write.guard().epoch()),
                new Change(index, "written", write.path(), write.content().size()));
    }

    /** A path is a file or a directory, never both: no file above it, no file below it. */
    private Optional<String> fileOrDirectoryConflict(String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String ancestor = path.substring(0, slash);
            if (files.containsKey(ancestor)) {
                return Optional.of(ancestor + " is a file; it cannot hold " + path);
            }
        }
        String below = files.ceilingKey(path + "/");
        if (below != null && below.startsWith(path + "/")) {
            return Optional.of(path + " is a directory (it holds " + below + ")");
        }
        return Optional.empty();
    }

    private Applied remove(long index, Command.Remove remove) {
        if (LockPaths.lockOf(remove.path()).isPresent()) {
            return refused(Refusal.NOT_HOLDER, remove.path() + " is a cluster lock; its holder releases it");
        }
        Optional<Applied> guardRefusal = checkGuard(remove.origin(), remove.path(), remove.guard());
        if (guardRefusal.isPresent()) {
            return guardRefusal.get();
        }
        FileNode old = files.remove(remove.path());
        if (old == null) {
            return refused(Refusal.NO_SUCH_FILE, "no such file: " + remove.path());
        }
        totalBytes -= old.content().size();
        return new Applied(new Outcome.Done(index, remove.guard().epoch()), new Change(index, "removed", remove.path(), 0));
    }

    /**
     * A write under a lock needs the lock held by the writer's node at the given epoch; a lock's own
     * file may only be written that way.
     */
    private Optional<Applied> checkGuard(Origin origin, String path, Guard guard) {
        Optional<String> lockPath = LockPaths.lockOf(path);
        if (guard.isNone()) {
            if (lockPath.isPresent()) {
                LockState lock = locks.get(lockPath.get());
                return Optional.of(refused(Refusal.NOT_HOLDER, path + " is cluster lock '" + lockPath.get() + "'"
                        + (lock == null ? ", which nobody holds" : ", held by node " + lock.holder() + " (epoch " + lock.epoch() + ")")
                        + "; only its holder may write it, under the lock's epoch"));
            }
            return Optional.empty();
        }
        if (lockPath.isPresent() && !lockPath.get().equals(guard.lock())) {
            return Optional.of(refused(Refusal.NOT_HOLDER, path + " belongs to lock '" + lockPath.get()
                    + "', not to lock '" + guard.lock() + "'"));
        }
        LockState lock = locks.get(guard.lock());
        if (lock == null) {
            return Optional.of(refused(Refusal.STALE_EPOCH, "lock '" + guard.lock() + "' is not held; epoch "
                    + guard.epoch() + " is stale"));
        }
        if (lock.epoch() != guard.epoch()) {
            return Optional.of(refused(Refusal.STALE_EPOCH, "epoch " + guard.epoch() + " of lock '" + guard.lock()
                    + "' is stale; the current epoch is " + lock.epoch()));
        }
        if (lock.holder() != origin.nodeId()) {
            return Optional.of(refused(Refusal.NOT_HOLDER, "lock '" + guard.lock() + "' is held by node " + lock.holder()
                    + ", not by node " + origin.nodeId()));
        }
        return Optional.empty();
    }

    private Applied acquire(long index, Command.LockAcquire acquire) {
        Optional<String> problem = LockName.problem(acquire.lock());
        if (problem.isPresent()) {
            return refused(Refusal.INVALID_PATH, problem.get());
        }
        LockState current = locks.get(acquire.lock());
        boolean free = current == null;
        boolean ownRenewal = !free && current.holder() == acquire.origin().nodeId();
        boolean takeover = !free && acquire.expectedRenewal() != 0 && current.renewedAt() == acquire.expectedRenewal();
        if (!free && !ownRenewal && !takeover) {
            return refused(Refusal.LOCK_HELD, "lock '" + acquire.lock() + "' is held by node " + current.holder()
                    + " (epoch " + current.epoch() + ", renewed at version " + current.renewedAt() + ")");
        }
        String path = LockPaths.pathOf(acquire.lock());
        if (free) {
            Optional<String> shapeProblem = fileOrDirectoryConflict(path);
            if (shapeProblem.isPresent()) {
                return refused(Refusal.INVALID_PATH, shapeProblem.get());
            }
        }
        locks.put(acquire.lock(), new LockState(acquire.origin().nodeId(), index, index));
        Blob description = Blob.wrap(("holder " + acquire.origin().nodeId() + "\nepoch " + index + "\n")
                .getBytes(StandardCharsets.UTF_8));
        FileNode old = files.put(path, new FileNode(description, index));
        totalBytes += description.size() - (old == null ? 0 : old.content().size());
        return new Applied(new Outcome.Done(index, index), new Change(index, "written", path, description.size()));
    }

    private Applied renew(long index, Command.LockRenew renew) {
        Optional<Applied> refusal = checkHolder(renew.origin(), renew.lock(), renew.epoch());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        locks.put(renew.lock(), new LockState(renew.origin().nodeId(), renew.epoch(), index));
        return new Applied(new Outcome.Done(index, renew.epoch()), null);
    }

    private Applied release(long index, Command.LockRelease release) {
        Optional<Applied> refusal = checkHolder(release.origin(), release.lock(), release.epoch());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        locks.remove(release.lock());
        String path = LockPaths.pathOf(release.lock());
        FileNode old = files.remove(path);
        if (old != null) {
            totalBytes -= old.content().size();
        }
        return new Applied(new Outcome.Done(index, release.epoch()), new Change(index, "removed", path, 0));
    }

    private Optional<Applied> checkHolder(Origin origin, String name, long epoch) {
        LockState lock = locks.get(name);
        if (lock == null) {
            return Optional.of(refused(Refusal.STALE_EPOCH, "lock '" + name + "' is not held"));
        }
        if (lock.holder() != origin.nodeId()) {
            return Optional.of(refused(Refusal.NOT_HOLDER, "lock '" + name + "' is held by node " + lock.holder()));
        }
        if (lock.epoch() != epoch) {
            return Optional.of(refused(Refusal.STALE_EPOCH, "epoch " + epoch + " of lock '" + name
                    + "' is stale; the current epoch is " + lock.epoch()));
        }
        return Optional.empty();
    }

    private static Applied refused(Refusal reason, String detail) {
        return new Applied(new Outcome.Refused(reason, detail), null);
    }

    /** The whole tree as bytes (deterministic: equal trees give equal bytes). */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, totalBytes + 1024));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeByte(SNAPSHOT_FORMAT);
            out.writeLong(version);
            out.writeInt(files.size());
            for (var e : files.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().version());
                out.writeInt(e.getValue().content().size());
                out.write(e.getValue().content().unsafeArray());
            }
            out.writeInt(locks.size());
            for (var e : locks.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().holder());
                out.writeLong(e.getValue().epoch());
                out.writeLong(e.getValue().renewedAt());
            }
            out.writeInt(sessions.size());
            for (var e : sessions.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue().size());
                for (long id : e.getValue()) {
                    out.writeLong(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Rebuilds a tree from {@link #snapshot()} bytes; every problem is an IOException saying what. */
    public static ConfigTree restore(byte[] snapshot) throws IOException {
        ConfigTree tree = new ConfigTree();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IOException("not a config tree snapshot (bad magic)");
            }
            int format = in.readUnsignedByte();
            if (format != SNAPSHOT_FORMAT) {
                throw new IOException("config tree snapshot format " + format + " is not the supported " + SNAPSHOT_FORMAT);
            }
            tree.version = in.readLong();
            int fileCount = in.readInt();
            for (int i = 0; i < fileCount; i++) {
                String path = in.readUTF();
                long fileVersion = in.readLong();
                int length = in.readInt();
                if (length < 0 || length > MAX_FILE_BYTES || length > in.available()) {
                    throw new IOException("file " + path + " has an impossible length " + length);
                }
                if (TreePath.problem(path).isPresent() || fileVersion > tree.version || fileVersion <= 0) {
                    throw new IOException("invalid file entry '" + TreePath.printable(path) + "' at version " + fileVersion);
                }
                tree.files.put(path, new FileNode(Blob.wrap(in.readNBytes(length)), fileVersion));
                tree.totalBytes += length;
            }
            int lockCount = in.readInt();
            for (int i = 0; i < lockCount; i++) {
                String name = in.readUTF();
                LockState lock = new LockState(in.readInt(), in.readLong(), in.readLong());
                if (LockName.problem(name).isPresent() || lock.holder() <= 0 || lock.epoch() <= 0 || lock.epoch() > tree.version
                        || lock.renewedAt() < lock.epoch() || lock.renewedAt() > tree.version) {
                    throw new IOException("invalid lock entry '" + TreePath.printable(name) + "'");
                }
                tree.locks.put(name, lock);
            }
            int sessionCount = in.readInt();
            if (sessionCount < 0 || sessionCount > SESSIONS) {
                throw new IOException("impossible session count " + sessionCount);
            }
            for (int i = 0; i < sessionCount; i++) {
                long session = in.readLong();
                int ids = in.readInt();
                if (ids < 0 || ids > REQUESTS_PER_SESSION) {
                    throw new IOException("impossible request count " + ids + " for a session");
                }
                java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
                for (int j = 0; j < ids; j++) {
                    seen.add(in.readLong());
                }
                tree.sessions.put(session, seen);
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " trailing bytes after the config tree snapshot");
            }
        } catch (java.io.EOFException e) {
            throw new IOException("config tree snapshot is truncated");
        }
        return tree;
    }
}
