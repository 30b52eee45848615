package io.quorate.runtime;

import io.quorate.configdb.StoredLog;
import io.quorate.configdb.UnsafeWrite;
import io.quorate.configdb.storage.CorruptLogException;
import io.quorate.configdb.storage.DurableLog;
import io.quorate.configdb.storage.Recovered;
import io.quorate.core.Effect;
import io.quorate.core.StepOutput;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's config log on disk: opens it (refusing to start when the state is missing or
 * damaged), and writes a batch of steps' storage effects with one fsync (group commit). Blocking:
 * called from one worker thread at a time.
 */
final class ConfigLogStore implements AutoCloseable {
    private final DurableLog log;
    private final UnsafeWriteFile unsafeFile;
    private final List<UnsafeWrite> unsafeWrites;

    private ConfigLogStore(DurableLog log, UnsafeWriteFile unsafeFile, List<UnsafeWrite> unsafeWrites) {
        this.log = log;
        this.unsafeFile = unsafeFile;
        this.unsafeWrites = unsafeWrites;
    }

    static ConfigLogStore open(Path dir) throws IOException, InvalidNodeDirectoryException {
        DurableLog log;
        try {
            log = DurableLog.open(dir, false);
        } catch (CorruptLogException e) {
            throw new InvalidNodeDirectoryException(e.getMessage());
        }
        UnsafeWriteFile unsafeFile = new UnsafeWriteFile(dir);
        try {
            return new ConfigLogStore(log, unsafeFile, unsafeFile.load());
        } catch (InvalidNodeDirectoryException | IOException e) {
            log.close();
            throw e;
        }
    }

    /** A new cluster's log (cm create): its first entry is corosync.conf. */
    static void createBootstrap(Path dir, String corosyncConf) throws IOException {
        create(dir, StoredLog.bootstrap(corosyncConf).entries());
    }

    /** A joining node's log (cm add): empty; it catches up from the leader. */
    static void createEmpty(Path dir) throws IOException {
        create(dir, List.of());
    }

    private static void create(Path dir, List<LogEntry> entries) throws IOException {
        try (DurableLog log = DurableLog.open(dir, true)) {
            if (log.lastIndex() != 0) {
                throw new IOException(dir + " already holds a config log");
            }
            log.append(entries);
            log.sync();
        } catch (CorruptLogException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** What the node starts from; torn tails cut on the way are in {@link #repairs()}. */
    StoredLog stored() {
        Recovered recovered = log.recovered();
        if (recovered.snapshot() == null) {
            return new StoredLog(recovered.term(), recovered.votedFor(), 0, 0, null, recovered.entries(), unsafeWrites);
        }
        return new StoredLog(recovered.term(), recovered.votedFor(), recovered.snapshot().lastIndex(),
                recovered.snapshot().lastTerm(), recovered.snapshot().state().toArray(), recovered.entries(), unsafeWrites);
    }

    List<String> repairs() {
        return log.recovered().repairs();
    }

    /** Writes the storage effects of the steps, in order, and fsyncs once. Returns the last entry appended, or null. */
    LogEntry write(List<StepOutput> steps) throws IOException {
        LogEntry last = null;
        for (StepOutput step : steps) {
            for (Effect effect : step.storage()) {
                if (effect instanceof Effect.AppendLog append) {
                    log.append(append.entries());
                } else if (effect instanceof Effect.PersistTermAndVote vote) {
                    log.saveHardState(vote.term(), vote.votedFor());
                } else if (effect instanceof Effect.SaveSnapshot snapshot) {
                    if (snapshot.replaceLog()) {
                        log.truncateFrom(log.firstIndex());
                    }
                    log.saveSnapshot(snapshot.lastIndex(), snapshot.lastTerm(), snapshot.state());
                } else if (effect instanceof Effect.RecordUnsafeWrite unsafe) {
                    unsafeFile.append(unsafe.write());
                } else if (effect instanceof Effect.ArchiveUnsafeWrites archive) {
                    unsafeFile.archive(archive.clusterVersion());
                }
            }
            if (step.lastAppended() != null) {
                last = step.lastAppended();
            }
        }
        log.sync();
        unsafeFile.sync();
        return last;
    }

    @Override
    public void close() throws IOException {
        unsafeFile.close();
        log.close();
    }
}
