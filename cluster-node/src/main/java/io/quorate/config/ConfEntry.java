package io.quorate.config;

/**
 * One entry of a corosync.conf section: a {@code key: value} pair or a nested {@code name { ... }}
 * section. Each remembers the line it was read from so later validation can point at it; the line
 * is not part of an entry's identity (see the records' equals), so a tree that was written and read
 * back equals the original even though comments and blank lines moved the lines.
 */
public sealed interface ConfEntry permits ConfPair, ConfSection {

    /** Line an entry that was built in code rather than parsed reports. */
    int NO_LINE = ConfigException.NO_LINE;

    /** 1-based line the entry was read from, or {@link #NO_LINE} for entries made in code. */
    int line();
}
