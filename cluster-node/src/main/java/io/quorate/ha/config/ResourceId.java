package io.quorate.ha.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HA resource id ("sid"), {@code type:name}: {@code vm:101}, {@code ct:102}. Any lower-case type
 * is well-formed, as Proxmox's {@code pve-ha-resource-id} format has it (its simulator adds
 * {@code fa:} resources, for instance), but guests ({@code vm}, {@code ct}) must name a valid VMID,
 * 100..999999999 without leading zeros ({@code pve-vmid}). Ordered by text, as Proxmox's
 * {@code sort keys} orders sids when it writes a rule's resource list.
 */
public record ResourceId(String type, String name) implements Comparable<ResourceId> {

    /** The guest types Proxmox registers as resource plugins. */
    public static final String VM = "vm";
    public static final String CT = "ct";

    public static final long MIN_VMID = 100;
    public static final long MAX_VMID = 999_999_999;

    private static final Pattern TYPE = Pattern.compile("[a-z]+");
    private static final Pattern VMID = Pattern.compile("[1-9][0-9]{2,8}");
    private static final Pattern NAME = Pattern.compile("[^\\s,;\\x00]+");

    public ResourceId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid resource type '" + type + "' in '" + type + ":" + name
                    + "': lower-case letters only (e.g. vm:101, ct:102)");
        }
        if (isGuestType(type)) {
            if (!VMID.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid VMID '" + name + "' in '" + type + ":" + name
                        + "': must be " + MIN_VMID + ".." + MAX_VMID + " without leading zeros");
            }
        } else if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid resource name '" + name + "' in '" + type + ":" + name
                    + "'");
        }
    }

    /** Parses {@code type:name}; the message of a failure quotes the input. */
    public static ResourceId parse(String sid) {
        Objects.requireNonNull(sid, "sid");
        int colon = sid.indexOf(':');
        if (colon <= 0 || colon == sid.length() - 1) {
            throw new IllegalArgumentException(
                    "invalid resource id '" + sid + "': expected '<type>:<name>', e.g. vm:101 or ct:102");
        }
        return new ResourceId(sid.substring(0, colon), sid.substring(colon + 1));
    }

    public static ResourceId vm(long vmid) {
        return new ResourceId(VM, Long.toString(vmid));
    }

    public static ResourceId ct(long vmid) {
        return new ResourceId(CT, Long.toString(vmid));
    }

    /** True for {@code vm:} and {@code ct:}. */
    public boolean isGuest() {
        return isGuestType(type);
    }

    /** The VMID of a guest. */
    public long vmid() {
        if (!isGuest()) {
            throw new IllegalStateException(this + " is not a guest");
        }
        return Long.parseLong(name);
    }

    static boolean isGuestType(String type) {
        return VM.equals(type) || CT.equals(type);
    }

    @Override
    public int compareTo(ResourceId other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
