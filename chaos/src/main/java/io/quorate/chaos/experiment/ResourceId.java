package io.quorate.chaos.experiment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HA resource (Proxmox's service id, SID): {@code vm:101} or {@code ct:200}; ids are 100 to
 * 999999999, as Proxmox allows.
 */
public record ResourceId(Type type, int id) implements Comparable<ResourceId> {
    /** The guest kinds Proxmox HA manages. */
    public enum Type {
        vm, ct
    }

    private static final Pattern SID = Pattern.compile("(vm|ct):(\\d{1,10})");

    public ResourceId {
        if (id < 100 || id > 999_999_999) {
            throw new IllegalArgumentException("guest id " + id + " is out of range 100-999999999");
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code vm:ID} or {@code ct:ID} */
    public static ResourceId parse(String text) {
        Matcher m = SID.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a resource id (vm:ID or ct:ID, e.g. vm:101)");
        }
        long id = Long.parseLong(m.group(2));
        if (id < 100 || id > 999_999_999) {
            throw new IllegalArgumentException("'" + text + "': guest id " + id + " is out of range 100-999999999");
        }
        return new ResourceId(Type.valueOf(m.group(1)), (int) id);
    }

    @Override
    public int compareTo(ResourceId other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : Integer.compare(id, other.id);
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
