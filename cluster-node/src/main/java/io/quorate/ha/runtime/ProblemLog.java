package io.quorate.ha.runtime;

import java.util.HashMap;
import java.util.Map;

/** Logs a problem with an HA file once, when it appears or changes, not at every loop. */
final class ProblemLog {
    private static final System.Logger LOG = System.getLogger(ProblemLog.class.getName());
    private final Map<String, String> current = new HashMap<>();

    void report(String what, String problem) {
        if (!problem.equals(current.put(what, problem))) {
            LOG.log(System.Logger.Level.ERROR, what + ": " + problem);
        }
    }

    void clear(String what) {
        if (current.remove(what) != null) {
            LOG.log(System.Logger.Level.INFO, what + ": readable again");
        }
    }
}
