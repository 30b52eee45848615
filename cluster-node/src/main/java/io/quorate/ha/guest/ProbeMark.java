package io.quorate.ha.guest;

/**
 * An instant the caller cares about (a fault injected, a relocation asked for), taken on the
 * prober's clock; the prober records for it the first answer of every node sent after it.
 *
 * @param label what happened, for the report
 * @param nanos {@link System#nanoTime()} when it was taken
 */
public record ProbeMark(String label, long nanos) {
}
