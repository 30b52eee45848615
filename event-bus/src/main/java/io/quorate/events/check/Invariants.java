package io.quorate.events.check;

import java.util.List;

/** The safety invariants every event history is checked against (DESIGN.md: 1, 2, 3 and 5). */
public final class Invariants {
    private Invariants() {
    }

    /** Fresh checkers (they keep state) for one history. */
    public static List<InvariantChecker> all() {
        return List.of(new NoResourceOnTwoNodes(), new NoWriteWithoutMajority(), new FenceBeforeRecover(),
                new ContiguousSequences());
    }
}
