package io.quorate.ha.storage;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two guest config formats: qemu-server's {@code qemu-server/<vmid>.conf} (HA resources
 * {@code vm:}) and pve-container's {@code lxc/<vmid>.conf} ({@code ct:}). They share the line syntax
 * and differ in which keys hold volumes and in a few section names.
 */
public enum GuestType {
    /** Disks, EFI vars, TPM state, detached disks, and the RAM state of a hibernated VM. */
    QEMU("vm", "qemu-server", Pattern.compile("(?:ide|sata|scsi|virtio|unused)\\d+|efidisk0|tpmstate0|vmstate|cdrom"),
            "file", "[PENDING]", "[special:cloudinit]"),
    /** Root file system, mount points, detached volumes; lxc.* keys are raw LXC settings. */
    LXC("ct", "lxc", Pattern.compile("rootfs|(?:mp|unused)\\d+"), "volume", "[pve:pending]", null);

    private final String resourceType;
    private final String configDir;
    private final Pattern volumeKeys;
    private final String volumeProperty;
    private final String pendingHeader;
    private final String ignoredHeader;

    GuestType(String resourceType, String configDir, Pattern volumeKeys, String volumeProperty, String pendingHeader,
              String ignoredHeader) {
        this.resourceType = resourceType;
        this.configDir = configDir;
        this.volumeKeys = volumeKeys;
        this.volumeProperty = volumeProperty;
        this.pendingHeader = pendingHeader;
        this.ignoredHeader = ignoredHeader;
    }

    /** The guest type of an HA resource id ({@code vm:101}, {@code ct:102}); empty for other resources. */
    public static Optional<GuestType> ofResource(String sid) {
        for (GuestType type : values()) {
            if (sid.startsWith(type.resourceType + ":")) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Where Proxmox keeps the config of this guest, below the node's directory: for messages. */
    public String configPath(String sid) {
        return configDir + "/" + sid.substring(sid.indexOf(':') + 1) + ".conf";
    }

    boolean isVolumeKey(String key) {
        return volumeKeys.matcher(key).matches();
    }

    /** The property-string key naming the volume, when it is not given positionally ({@code file=...}). */
    String volumeProperty() {
        return volumeProperty;
    }

    /** Changes applied at the next start: recovery is a start, so their volumes count. */
    boolean isPendingHeader(String line) {
        return pendingHeader.equalsIgnoreCase(line);
    }

    /** A section that is information only (qemu's cloud-init state), not volumes the guest uses. */
    boolean isIgnoredHeader(String line) {
        return ignoredHeader != null && ignoredHeader.equalsIgnoreCase(line);
    }

    /** Raw LXC keys ({@code lxc.apparmor.profile: unconfined}), written with ':' or '='. */
    boolean allowsRawLxcKeys() {
        return this == LXC;
    }
}
