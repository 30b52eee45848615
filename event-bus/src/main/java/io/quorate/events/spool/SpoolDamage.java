package io.quorate.events.spool;

import java.nio.file.Path;

/**
 * Damage found when the spool opened: bytes that are not valid records.
 *
 * @param offset byte offset in {@code file} where the damage starts
 * @param length how many bytes were skipped (garbage) or cut (truncated tail)
 */
public record SpoolDamage(Path file, long offset, long length, Kind kind) {

    public enum Kind {
        /** Bytes between valid records; skipped, the records before and after are kept. */
        GARBAGE,
        /** A torn write at the end of a segment (crash mid-append); cut off the file. */
        TRUNCATED_TAIL,
        /** The acknowledged-position file could not be read; publishing restarts from the oldest segment. */
        BAD_ACK_FILE
    }

    @Override
    public String toString() {
        switch (kind) {
            case GARBAGE:
                return file + " at byte " + offset + ": skipped " + length + " bytes that are not valid records";
            case TRUNCATED_TAIL:
                return file + " at byte " + offset + ": cut a truncated tail of " + length + " bytes";
            default:
                return file + ": unreadable, publishing resumes from the oldest segment";
        }
    }
}
