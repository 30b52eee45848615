package io.quorate.chaos.experiment;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for misspelt keys and words. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code word}, if any is close: a small edit distance (up to a third of the
     * word, at least 2), or one contains the other (at least 3 characters). Case and {@code _} versus
     * {@code -} do not count.
     */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        return nearest(word, candidates, true);
    }

    /** As {@link #nearest(String, Collection)}; without {@code containment}, only by edit distance (for values). */
    static Optional<String> nearest(String word, Collection<String> candidates, boolean containment) {
        String w = normalise(word);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = normalise(candidate);
            int distance = distance(w, c);
            boolean close = distance <= Math.max(2, w.length() / 3);
            boolean contained = containment && w.length() >= 3 && c.length() >= 3 && (c.contains(w) || w.contains(c));
            if (!close && !contained) {
                continue;
            }
            int score = close ? distance : 100 + distance;
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).filter(b -> !b.equals(word));
    }

    private static String normalise(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
