package io.quorate.ha.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code state} a user requests for an HA resource in {@code ha/resources.cfg} (Proxmox's
 * {@code PVE::HA::Resources} semantics). {@code enabled} is read as an alias of {@link #STARTED}
 * and written back as {@code started}.
 */
public enum RequestedState {
    /** The CRM starts the resource and recovers it on node failures; {@code error} if all fails. */
    STARTED("started"),
    /** The CRM keeps the resource stopped but still relocates it on node failures. */
    STOPPED("stopped"),
    /** Stopped, and not relocated on node failures; the only way out of {@code error}. */
    DISABLED("disabled"),
    /** Not managed: removed from the manager status; CRM and LRM leave it alone. */
    IGNORED("ignored");

    /** Proxmox's default when {@code state} is absent. */
    public static final RequestedState DEFAULT = STARTED;

    private final String text;

    RequestedState(String text) {
        this.text = text;
    }

    /** The word in the file. */
    public String text() {
        return text;
    }

    /** Reads the file's word (case matters, as in Proxmox's enum); {@code enabled} means {@link #STARTED}. */
    public static RequestedState parse(String text) {
        String word = text;
        if (word.equals("enabled")) {
            return STARTED;
        }
        for (RequestedState state : values()) {
            if (state.text.equals(word)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state '" + text + "', expected one of "
                + Arrays.stream(values()).map(RequestedState::text).collect(Collectors.joining(", "))
                + " ('enabled' is an alias of 'started')");
    }

    @Override
    public String toString() {
        return text;
    }
}
