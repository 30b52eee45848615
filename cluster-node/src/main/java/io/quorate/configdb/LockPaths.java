package io.quorate.configdb;

import java.util.Optional;

/** Cluster locks appear in the tree as {@code priv/lock/<name>}, as pmxcfs shows them. */
public final class LockPaths {
    public static final String PREFIX = "priv/lock/";

    private LockPaths() {
    }

    public static String pathOf(String lock) {
        return PREFIX + lock;
    }

    /** The lock a path names, if it is a lock path. */
    public static Optional<String> lockOf(String path) {
        return path.startsWith(PREFIX) && path.length() > PREFIX.length() && path.indexOf('/', PREFIX.length()) < 0
                ? Optional.of(path.substring(PREFIX.length())) : Optional.empty();
    }
}
