package io.quorate.ha.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The storage types of {@code storage.cfg} that Quorate knows, and whether each is shared: one
 * storage reachable from every node that has it, so a guest on it may run on any of them. The
 * shared ones are Proxmox's {@code @SHARED_STORAGE} (plus glusterfs, which older releases had);
 * {@code dir} and {@code lvm} become shared with {@code shared 1} (a cluster file system, or LVM on
 * a SAN LUN); the others are always local to each node.
 */
public enum StorageType {
    DIR(false, true),
    LVM(false, true),
    LVMTHIN(false, false),
    ZFSPOOL(false, false),
    BTRFS(false, false),
    NFS(true, false),
    CIFS(true, false),
    GLUSTERFS(true, false),
    CEPHFS(true, false),
    RBD(true, false),
    ISCSI(true, false),
    ISCSIDIRECT(true, false),
    ZFS(true, false),
    PBS(true, false);

    private final boolean sharedByNature;
    private final boolean shareable;

    StorageType(boolean sharedByNature, boolean shareable) {
        this.sharedByNature = sharedByNature;
        this.shareable = shareable;
    }

    /** The type as storage.cfg spells it, e.g. {@code lvmthin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reachable from every node that has it, whatever the config says. */
    public boolean sharedByNature() {
        return sharedByNature;
    }

    /** Local unless marked {@code shared 1}: the option means something only for these types. */
    public boolean shareable() {
        return shareable;
    }

    public static Optional<StorageType> of(String configName) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(configName)).findFirst();
    }

    /** For messages: every known type, in declaration order. */
    static String known() {
        return Arrays.stream(values()).map(StorageType::configName).collect(Collectors.joining(", "));
    }
}
