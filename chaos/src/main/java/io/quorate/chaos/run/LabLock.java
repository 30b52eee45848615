package io.quorate.chaos.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run at a time on a lab: a second one (the scheduler and a manual run) would heal the first
 * one's live faults as leftovers and fault the same nodes. The lock is the OS's, so a killed run
 * releases it.
 */
final class LabLock implements AutoCloseable {
    static final String FILE = "chaos-run.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws FaultException when another run holds the lab */
    static LabLock take(Path labDir) throws IOException {
        FileChannel channel = FileChannel.open(labDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new FaultException("another chaos run is using the lab in " + labDir + "; wait for it or stop it");
        }
        return new LabLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
