package io.quorate.it;

import io.quorate.ha.guest.GuestProber;
import io.quorate.ha.guest.ProbeAnswer;
import io.quorate.ha.guest.ProbeMark;
import java.time.Duration;
import java.util.Optional;

/** Waiting on an outside prober: the node a guest first answers on after a mark. */
final class GuestAnswers {
    private GuestAnswers() {
    }

    /** The node {@code sid} first answered on after {@code mark} (on a node other than {@code otherThan}, if given). */
    static String await(GuestProber prober, String sid, ProbeMark mark, Optional<String> otherThan, Duration limit)
            throws InterruptedException {
        String[] node = new String[1];
        Await.until(limit, () -> {
            Optional<ProbeAnswer> answer = otherThan.isPresent() ? prober.firstAnswerAfter(sid, mark, otherThan.get())
                    : prober.firstAnswerAfter(sid, mark);
            answer.ifPresent(a -> node[0] = a.node());
            return answer.isPresent();
        }, () -> sid + " does not answer" + otherThan.map(n -> " elsewhere than " + n).orElse("") + "; probe: " + prober.report());
        return node[0];
    }
}
