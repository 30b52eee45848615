package io.quorate.protocol;

import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A minimal deterministic fuzz runner for plain JUnit tests: case {@code i} of a run with seed
 * {@code s} draws all its input from {@code new Random(caseSeed(s, i))}, so any failure names a
 * case that can be replayed on its own, independently of the cases before it.
 *
 * <p>To replay one case, pass {@code -Dquorate.fuzz.case=<seed>:<index>} (surefire forwards it);
 * every other case of every run is then skipped.
 */
final class Fuzz {
    static final String ONLY_CASE_PROPERTY = "quorate.fuzz.case";

    private Fuzz() {
    }

    /** The seed of one case's {@link Random}, a mix of the run's seed and the case index. */
    static long caseSeed(long seed, int index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Generates and checks {@code cases} inputs. A failure, in the generator or in the check, is
     * rethrown as an {@link AssertionError} naming the property, seed, case index and input.
     *
     * @return how many cases ran: {@code cases}, or fewer when {@value #ONLY_CASE_PROPERTY} selects one
     */
    static <T> int run(String property, long seed, int cases, Function<Random, T> generator,
                       Function<? super T, String> describe, Consumer<? super T> check) {
        int ran = 0;
        for (int index = 0; index < cases; index++) {
            if (!selected(seed, index)) {
                continue;
            }
            T input = null;
            try {
                input = generator.apply(new Random(caseSeed(seed, index)));
                check.accept(input);
            } catch (RuntimeException | AssertionError e) {
                String where = property + " failed at seed " + seed + ", case " + index
                        + " (replay with -D" + ONLY_CASE_PROPERTY + "=" + seed + ":" + index + ")";
                String what = input == null ? "while generating the input" : "for input " + describe.apply(input);
                throw new AssertionError(where + "\n  " + what + "\n  " + e, e);
            }
            ran++;
        }
        return ran;
    }

    private static boolean selected(long seed, int index) {
        String only = System.getProperty(ONLY_CASE_PROPERTY, "").trim();
        return only.isEmpty() || only.equals(seed + ":" + index);
    }

    /** The length and hex of {@code bytes}, cut after {@code maxShown} bytes. */
    static String hex(byte[] bytes, int maxShown) {
        String shown = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, maxShown));
        return bytes.length + " bytes: " + shown + (bytes.length > maxShown ? "..." : "");
    }

    // ---- primitives; each leans towards the boundaries, where parsers usually break ----

    /** True with probability {@code numerator / denominator}. */
    static boolean chance(Random random, int numerator, int denominator) {
        return random.nextInt(denominator) < numerator;
    }

    static byte[] bytes(Random random, int minLength, int maxLength) {
        byte[] bytes = new byte[random.nextInt(minLength, maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any int in {@code [min, max]}: often an edge or a small offset from {@code min}, else uniform. */
    static int intBetween(Random random, int min, int max) {
        return (int) longBetween(random, min, max);
    }

    static int intAtLeast(Random random, int min) {
        return intBetween(random, min, Integer.MAX_VALUE);
    }

    static long longAtLeast(Random random, long min) {
        return longBetween(random, min, Long.MAX_VALUE);
    }

    static long anyLong(Random random) {
        return longBetween(random, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static long longBetween(Random random, long min, long max) {
        int pick = random.nextInt(16);
        if (pick < 2) {
            long[] edges = {min, max, min + 1, max - 1, 0, -1, 1};
            long edge = edges[random.nextInt(edges.length)];
            return edge >= min && edge <= max ? edge : min;
        }
        if (pick < 6) {
            // a small value: near zero when the range holds zero, else just above min
            long small = min <= 0 && max >= 0 ? random.nextInt(-1000, 1001) : min + random.nextInt(1000);
            return small >= min && small <= max ? small : min;
        }
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }
}
