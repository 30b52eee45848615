package io.quorate.ha.config;

/** Whether a {@code resource-affinity} rule keeps its resources together or apart. */
public enum Affinity {
    /** Keep the resources on the same node. */
    POSITIVE("positive"),
    /** Keep the resources on different nodes (anti-affinity). */
    NEGATIVE("negative");

    private final String text;

    Affinity(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Affinity parse(String text) {
        for (Affinity affinity : values()) {
            if (affinity.text.equals(text)) {
                return affinity;
            }
        }
        throw new IllegalArgumentException("unknown affinity '" + text + "', expected positive or negative");
    }

    @Override
    public String toString() {
        return text;
    }
}
