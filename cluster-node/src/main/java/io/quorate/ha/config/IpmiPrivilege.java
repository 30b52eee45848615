package io.quorate.ha.config;

/** The IPMI session privilege level ({@code ipmitool -L}, fence_ipmilan's {@code privlvl}). */
public enum IpmiPrivilege {
    CALLBACK("callback"),
    USER("user"),
    OPERATOR("operator"),
    ADMINISTRATOR("administrator");

    private final String text;

    IpmiPrivilege(String text) {
        this.text = text;
    }

    /** The word in fence.cfg. */
    public String text() {
        return text;
    }

    /** The ipmitool {@code -L} argument. */
    public String ipmitoolName() {
        return name();
    }

    public static IpmiPrivilege parse(String text) {
        for (IpmiPrivilege level : values()) {
            if (level.text.equals(text)) {
                return level;
            }
        }
        throw new IllegalArgumentException(
                "unknown privilege level '" + text + "', expected callback, user, operator or administrator");
    }

    @Override
    public String toString() {
        return text;
    }
}
