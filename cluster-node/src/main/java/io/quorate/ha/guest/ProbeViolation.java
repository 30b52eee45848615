package io.quorate.ha.guest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Two or more nodes answered for one sid in the same round with overlapping answer intervals
 * (see {@link GuestProber} for why that is the claim made).
 *
 * @param sid the guest
 * @param round the round's number
 * @param answers the overlapping answers, at least two nodes among them
 * @param fromNanos earliest {@code sent} of those answers
 * @param toNanos latest {@code received}: every guest named was up at some instant in [from, to]
 */
public record ProbeViolation(String sid, long round, List<ProbeAnswer> answers, long fromNanos, long toNanos) {
    public ProbeViolation {
        answers = List.copyOf(answers);
    }

    public List<String> nodes() {
        return answers.stream().map(ProbeAnswer::node).distinct().sorted().toList();
    }

    public String describe(ProbeClock clock) {
        return sid + " answered on " + nodes().stream().collect(Collectors.joining(" and ")) + " in round " + round
                + ", all within " + clock.format(fromNanos) + " .. " + clock.format(toNanos)
                + String.format(" (%.1f ms)", (toNanos - fromNanos) / 1e6);
    }
}
