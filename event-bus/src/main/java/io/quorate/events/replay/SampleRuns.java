package io.quorate.events.replay;

import java.util.Arrays;

/**
 * One series' samples on the export grid, kept as runs of equal values over consecutive instants
 * (instant numbers, not times): a gauge that holds for an hour is one run, so memory grows with the
 * changes, not with the window's length. Samples must be added in increasing instant order.
 */
final class SampleRuns {
    private int[] first = new int[2];
    private int[] last = new int[2];
    private double[] values = new double[2];
    private int size;

    /** Adds the sample at instant {@code step} (greater than every instant added before). */
    void put(int step, double value) {
        if (size > 0 && last[size - 1] == step - 1 && Double.compare(values[size - 1], value) == 0) {
            last[size - 1] = step;
            return;
        }
        if (size > 0 && step <= last[size - 1]) {
            throw new IllegalStateException("instant " + step + " after " + last[size - 1]);
        }
        if (size == first.length) {
            first = Arrays.copyOf(first, size * 2);
            last = Arrays.copyOf(last, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        first[size] = step;
        last[size] = step;
        values[size] = value;
        size++;
    }

    /** Runs of {@code value} over the instants of {@code pattern} before {@code step}. */
    static SampleRuns like(SampleRuns pattern, int step, double value) {
        SampleRuns runs = new SampleRuns();
        for (int i = 0; i < pattern.size && pattern.first[i] < step; i++) {
            runs.addRun(pattern.first[i], Math.min(pattern.last[i], step - 1), value);
        }
        return runs;
    }

    private void addRun(int from, int to, double value) {
        put(from, value);
        last[size - 1] = to;
    }

    /** The last instant with a sample, -1 when none. */
    int lastStep() {
        return size == 0 ? -1 : last[size - 1];
    }

    double lastValue() {
        return size == 0 ? Double.NaN : values[size - 1];
    }

    int runs() {
        return size;
    }

    int first(int run) {
        return first[run];
    }

    int last(int run) {
        return last[run];
    }

    double value(int run) {
        return values[run];
    }

    long samples() {
        long samples = 0;
        for (int i = 0; i < size; i++) {
            samples += last[i] - first[i] + 1;
        }
        return samples;
    }

    /** The value at instant {@code step}, or NaN when the series has no sample there. */
    double at(int step) {
        for (int i = 0; i < size; i++) {
            if (first[i] <= step && step <= last[i]) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
