package io.quorate.events.spool;

/**
 * A place in the spool: a byte offset in a numbered segment file. Positions are totally ordered;
 * the acknowledged position is the one just after the last record the broker confirmed.
 */
public record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {
    public static final SpoolPosition START = new SpoolPosition(0, 0);

    public SpoolPosition {
        if (segment < 0 || offset < 0) {
            throw new IllegalArgumentException("bad spool position " + segment + ":" + offset);
        }
    }

    @Override
    public int compareTo(SpoolPosition other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    public boolean isAfter(SpoolPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return SegmentFiles.name(segment) + ":" + offset;
    }
}
