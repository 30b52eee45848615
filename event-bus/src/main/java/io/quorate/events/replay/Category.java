package io.quorate.events.replay;

/** What part of the cluster a timeline entry is about; the HTML page colours marks by it. */
public enum Category {
    MEMBERSHIP("#3b6fb6"),
    QUORUM("#2e8b57"),
    CONFIG("#7a5cad"),
    LOCK("#8a6d3b"),
    HA("#1f8a8a"),
    FENCE("#b22222"),
    GUEST("#d2691e"),
    WATCHDOG("#c71585"),
    NODE("#555555"),
    BUS("#999999"),
    /** What a chaos runner did: runs, and faults applied and healed. */
    CHAOS("#ff8c00");

    private final String colour;

    Category(String colour) {
        this.colour = colour;
    }

    /** CSS colour of the category's marks. */
    public String colour() {
        return colour;
    }
}
