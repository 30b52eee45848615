package io.quorate.configdb.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The segments of the log in write order, and for each an upper bound of the highest live entry
 * written into it, which decides what a snapshot lets compaction delete.
 *
 * <p>Live entries lie in segments in index order (an entry is written after the one before it), so
 * deleting a prefix of segments whose live entries are all covered by a snapshot loses nothing:
 * the records in it only ever affected entries in the same prefix.
 */
final class SegmentTable {

    static final class Segment {
        final Path path;
        final long number;
        /** No live entry in this segment has an index above this (0: none was written). */
        long maxLive;

        Segment(Path path, long number) {
            this.path = path;
            this.number = number;
        }
    }

    private final List<Segment> segments = new ArrayList<>();
    /** The highest {@link Segment#maxLive} of all segments. */
    private long highest;

    Segment add(Path path, long number) {
        Segment segment = new Segment(path, number);
        segments.add(segment);
        return segment;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    Segment last() {
        return segments.get(segments.size() - 1);
    }

    /** The number for the next segment, opened when {@code prevIndex} is the log's last index. */
    long nextNumber(long prevIndex) {
        return segments.isEmpty() ? prevIndex + 1 : Math.max(prevIndex + 1, last().number + 1);
    }

    /** Entry {@code index} was written into the last segment, replacing any entries from {@code index} on. */
    void entryWritten(long index) {
        if (index <= highest) {
            truncated(index);
        }
        last().maxLive = index;
        highest = index;
    }

    void truncated(long fromIndex) {
        for (Segment segment : segments) {
            segment.maxLive = Math.min(segment.maxLive, fromIndex - 1);
        }
        highest = Math.min(highest, fromIndex - 1);
    }

    /** The oldest segments, never the last, that hold no live entry above {@code snapshotIndex}. */
    List<Segment> compactable(long snapshotIndex) {
        int count = 0;
        while (count < segments.size() - 1 && segments.get(count).maxLive <= snapshotIndex) {
            count++;
        }
        return List.copyOf(segments.subList(0, count));
    }

    void removeOldest(int count) {
        segments.subList(0, count).clear();
    }
}
