package io.quorate.chaos.experiment;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A service-level objective, written as a small sentence: {@code recover vm:101 within 15s}.
 *
 * <p>Grammar: {@code recover SID within DURATION}. {@code recover} is met when, after the first fault
 * that stops the resource (kill, stop, power-off, isolation, fence), the outside prober sees it
 * answering again — on any node — no later than {@code DURATION} after that fault.
 */
public record Slo(Verb verb, ResourceId resource, Duration within) {
    /** The grammar, for error messages. */
    public static final String GRAMMAR = "recover SID within DURATION, e.g. recover vm:101 within 15s";

    /** What the objective promises. */
    public enum Verb {
        /** The resource answers again, on any node, within the duration. */
        RECOVER;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @throws IllegalArgumentException naming the word that does not fit the grammar */
    public static Slo parse(String sentence) {
        List<String> words = Arrays.asList(sentence.trim().split("\\s+"));
        if (sentence.isBlank()) {
            throw new IllegalArgumentException("empty SLO (" + GRAMMAR + ")");
        }
        if (!words.get(0).equals("recover")) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': unknown verb '" + words.get(0) + "' (" + GRAMMAR + ")");
        }
        if (words.size() < 2) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': missing the resource after 'recover' (" + GRAMMAR + ")");
        }
        ResourceId resource;
        try {
            resource = ResourceId.parse(words.get(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': " + e.getMessage() + " (" + GRAMMAR + ")");
        }
        if (words.size() < 3 || !words.get(2).equals("within")) {
            String found = words.size() < 3 ? "end of sentence" : "'" + words.get(2) + "'";
            throw new IllegalArgumentException("cannot parse '" + sentence + "': expected 'within' after '" + words.get(1) + "', found "
                    + found + " (" + GRAMMAR + ")");
        }
        if (words.size() < 4) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': missing the duration after 'within' (" + GRAMMAR + ")");
        }
        if (words.size() > 4) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': unexpected '" + String.join(" ", words.subList(4, words.size()))
                    + "' after the duration (" + GRAMMAR + ")");
        }
        Duration within;
        try {
            within = Durations.parse(words.get(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': " + e.getMessage());
        }
        if (within.isZero()) {
            throw new IllegalArgumentException("cannot parse '" + sentence + "': the duration must be positive");
        }
        return new Slo(Verb.RECOVER, resource, within);
    }

    @Override
    public String toString() {
        return verb.text() + " " + resource + " within " + Durations.format(within);
    }
}
