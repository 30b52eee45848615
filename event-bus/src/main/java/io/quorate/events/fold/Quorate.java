package io.quorate.events.fold;

/** Whether a node's view is quorate: known yes, known no, or not known from the events folded so far. */
public enum Quorate {
    YES, NO, UNKNOWN;

    public static Quorate of(boolean quorate) {
        return quorate ? YES : NO;
    }
}
