package io.quorate.events.kafka;

/**
 * Counts of latencies in milliseconds in log-scale buckets (four per power of two, so a percentile
 * is within about 20 %): cheap enough to record every published event. Thread-safe.
 */
public final class LatencyHistogram {
    private static final int SUB_BUCKETS = 4;
    private final long[] counts = new long[64 * SUB_BUCKETS];
    private long total;
    private long max;

    public synchronized void record(long ms) {
        long value = Math.max(0, ms);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    public synchronized long count() {
        return total;
    }

    public synchronized long max() {
        return max;
    }

    /** The latency at or below which a fraction {@code q} (0..1) of samples fall; 0 without samples. */
    public synchronized long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(max, upperBound(i));
            }
        }
        return max;
    }

    private static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) ((value >>> (msb - 2)) & (SUB_BUCKETS - 1));
        return (msb - 1) * SUB_BUCKETS + sub;
    }

    private static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int msb = index / SUB_BUCKETS + 1;
        int sub = index % SUB_BUCKETS;
        return ((long) (SUB_BUCKETS + sub + 1) << (msb - 2)) - 1;
    }
}
