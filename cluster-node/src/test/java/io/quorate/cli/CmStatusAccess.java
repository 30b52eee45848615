package io.quorate.cli;

/** Lets tests in other packages read a ring id the way the CLI does. */
public final class CmStatusAccess {
    private CmStatusAccess() {
    }

    public static long ringSequence(String ringId) {
        return CmStatus.ringIdOf(ringId).sequence();
    }
}
