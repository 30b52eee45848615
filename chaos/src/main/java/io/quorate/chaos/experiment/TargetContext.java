package io.quorate.chaos.experiment;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the rest of a file is checked against: the lab's node count (known for {@code nodes: N}) and
 * the guests the target lists. When the target itself is broken, cross-checks are skipped rather
 * than reported twice.
 */
final class TargetContext {
    private static final Pattern NODE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final OptionalInt nodes;
    private final Set<ResourceId> guests;
    private final boolean guestsKnown;

    TargetContext(OptionalInt nodes, List<ResourceId> guests, boolean guestsKnown) {
        this.nodes = nodes;
        this.guests = new TreeSet<>(guests);
        this.guestsKnown = guestsKnown;
    }

    OptionalInt nodes() {
        return nodes;
    }

    /** Checks a node name; returns the error, or null. */
    String checkNode(String name) {
        if (!NODE_NAME.matcher(name).matches()) {
            return "'" + name + "' is not a node name (lower-case letters, digits and '-', starting with a letter)";
        }
        if (nodes.isPresent()) {
            int n = nodes.getAsInt();
            if (!name.matches("n[1-9][0-9]*") || Integer.parseInt(name.substring(1)) > n) {
                return "no node '" + name + "' in a " + n + "-node lab (n1.." + "n" + n + ")";
            }
        }
        return null;
    }

    /** Checks that a resource is one of the target's guests; returns the error, or null. */
    String checkGuest(ResourceId resource) {
        if (guestsKnown && !guests.contains(resource)) {
            return resource + " is not in target.guests" + (guests.isEmpty() ? " (which is empty)" : " " + guests);
        }
        return null;
    }
}
