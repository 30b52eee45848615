package io.quorate.configdb.storage;

import java.nio.file.Path;

/**
 * The log directory holds damage that recovery may not repair on its own (anything but a torn write
 * at the very end of the last segment), or holds no state at all where state was expected. The
 * message names the file, the byte offset and what is wrong; the node must not start on it.
 */
public final class CorruptLogException extends Exception {
    private final Path file;
    private final long offset;
    private final String problem;

    public CorruptLogException(Path file, long offset, String problem) {
        super(file + ": at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** For problems of the directory as a whole (missing state), which have no offset. */
    public CorruptLogException(Path dir, String problem) {
        super(dir + ": " + problem);
        this.file = dir;
        this.offset = -1;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The byte offset of the damage in {@link #file()}, or -1 when the problem has no position. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the file and offset. */
    public String problem() {
        return problem;
    }
}
