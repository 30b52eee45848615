package io.quorate.cli;

import java.io.PrintWriter;

/**
 * Reports records of the event topic that are not valid events on stderr: the first few one line
 * each (which record, what is wrong), then how many were skipped in all, so a topic full of foreign
 * records does not drown the output.
 */
final class SkippedRecords {
    private static final int SHOWN = 10;

    private final PrintWriter err;
    private long count;

    SkippedRecords(PrintWriter err) {
        this.err = err;
    }

    void report(String problem) {
        if (++count <= SHOWN) {
            err.println("quorate: skipped " + problem);
            err.flush();
        }
    }

    /** The closing count, when any record was skipped. */
    void summary(long skipped) {
        if (skipped > 0) {
            err.println("quorate: skipped " + skipped + " foreign or malformed record(s)"
                    + (skipped > SHOWN ? " (the first " + SHOWN + " shown)" : ""));
            err.flush();
        }
    }
}
