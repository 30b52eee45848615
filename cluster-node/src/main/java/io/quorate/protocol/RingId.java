package io.quorate.protocol;

/**
 * Identity of one membership view: the representative (lowest node id of the view, the node that
 * created it) and a sequence that grows with every view change. Printed as corosync prints it:
 * {@code <representative>.<sequence in hex>}. Only the representative mints a ring id, and it mints
 * each one once, so the same ring id always means the same member list.
 */
public record RingId(int representative, long sequence) implements Comparable<RingId> {
    /** The ring id of a node that has not installed any view yet. */
    public static final RingId NONE = new RingId(0, 0);

    public RingId {
        if (sequence < 0) {
            throw new IllegalArgumentException("ring sequence must not be negative: " + sequence);
        }
    }

    @Override
    public int compareTo(RingId other) {
        int bySequence = Long.compare(sequence, other.sequence);
        return bySequence != 0 ? bySequence : Integer.compare(representative, other.representative);
    }

    public boolean isAfter(RingId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return representative + "." + Long.toHexString(sequence);
    }
}
