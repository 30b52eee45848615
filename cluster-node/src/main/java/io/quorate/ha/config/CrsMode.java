package io.quorate.ha.config;

/** The HA resource scheduler ({@code datacenter.cfg} {@code crs: ha=...}). */
public enum CrsMode {
    /** Count of services per node only. The default. */
    BASIC("basic"),
    /** Static CPU and memory configuration of the services too. */
    STATIC("static");

    public static final CrsMode DEFAULT = BASIC;

    private final String text;

    CrsMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static CrsMode parse(String text) {
        for (CrsMode mode : values()) {
            if (mode.text.equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown scheduler mode '" + text + "', expected basic or static");
    }

    @Override
    public String toString() {
        return text;
    }
}
