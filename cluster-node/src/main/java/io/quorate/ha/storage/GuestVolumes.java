package io.quorate.ha.storage;

import io.quorate.config.ConfigException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storages a guest's volumes live on, read from its config ({@code qemu-server/101.conf} or
 * {@code lxc/101.conf}): the storage ids of disk-like keys, e.g. {@code local-lvm} from
 * {@code scsi0: local-lvm:vm-101-disk-0,size=32G}.
 *
 * <p>The line syntax is Proxmox's: {@code key: value}, {@code #} description lines, and
 * {@code [name]} headers starting snapshot sections. Snapshots are not counted (they live on the
 * storages of the current disks), nor is qemu's {@code [special:cloudinit]} bookkeeping; pending
 * changes are, as a recovery starts the guest and applies them. A volume that is {@code none}, the
 * host's {@code cdrom} or an absolute path (a passed-through device, a bind mount) names no storage.
 *
 * <p>Any other line is refused with its line number, as are a key without value and a key given
 * twice in one section, where Proxmox warns and guesses.
 */
public record GuestVolumes(SortedSet<String> storages) {

    private static final Pattern SNAPSHOT = Pattern.compile("(?i)\\[[a-z][a-z0-9_\\-]+\\]");
    private static final Pattern PROPERTY = Pattern.compile("([a-z][a-z0-9_\\-]*):(.*)");
    private static final Pattern RAW_LXC = Pattern.compile("lxc\\.[a-z0-9_\\-.]+\\s*[:=].*");
    /** A property-string option, {@code size=32G}; a volume id has a ':' so is never taken for one. */
    private static final Pattern OPTION = Pattern.compile("([a-z][a-z0-9_\\-]*)=(.*)");
    /** {@code pve-volume-id}: {@code <storage id>:<volume name>}. */
    private static final Pattern VOLUME_ID = Pattern.compile("(?i)([a-z][a-z0-9\\-_.]*[a-z0-9]):(.+)");

    public GuestVolumes {
        storages = Collections.unmodifiableSortedSet(new TreeSet<>(storages));
    }

    /** A guest without volumes on any storage. */
    public static GuestVolumes none() {
        return new GuestVolumes(new TreeSet<>());
    }

    /**
     * @param source what messages call the text, e.g. {@code qemu-server/101.conf}
     * @throws ConfigException naming the line and the problem
     */
    public static GuestVolumes parse(String source, GuestType type, String text) throws ConfigException {
        Objects.requireNonNull(text, "text");
        TreeSet<String> storages = new TreeSet<>();
        boolean counted = true; // the current section: the config itself, or its pending changes
        Map<String, Integer> keyLines = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            int lineNo = index + 1;
            String line = lines[index].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                counted = type.isPendingHeader(line);
                if (!counted && !type.isIgnoredHeader(line) && !SNAPSHOT.matcher(line).matches()) {
                    throw new ConfigException(source, lineNo, "unknown section header '" + line
                            + "' (expected a snapshot name such as [before-upgrade])");
                }
                keyLines.clear();
                continue;
            }
            if (type.allowsRawLxcKeys() && RAW_LXC.matcher(line).matches()) {
                continue;
            }
            Matcher property = PROPERTY.matcher(line);
            if (!property.matches()) {
                throw new ConfigException(source, lineNo, "expected 'key: value', a '#' comment or a"
                        + " '[snapshot]' header, got '" + line + "'");
            }
            String key = property.group(1);
            String value = property.group(2).strip();
            if (value.isEmpty()) {
                throw new ConfigException(source, lineNo, "'" + key + "' has no value");
            }
            Integer first = keyLines.putIfAbsent(key, lineNo);
            if (first != null) {
                throw new ConfigException(source, lineNo, "'" + key + "' is given twice (first on line " + first + ")");
            }
            if (counted && type.isVolumeKey(key)) {
                storage(type, key, volume(type, key, value, source, lineNo), source, lineNo).ifPresent(storages::add);
            }
        }
        return new GuestVolumes(storages);
    }

    /** The volume of a property string: the positional part, or {@code file=} / {@code volume=}. */
    private static String volume(GuestType type, String key, String value, String source, int line)
            throws ConfigException {
        String volume = null;
        for (String part : value.split(",")) {
            Matcher option = OPTION.matcher(part.strip());
            String candidate = !option.matches() ? part.strip()
                    : option.group(1).equals(type.volumeProperty()) ? option.group(2) : null;
            if (candidate == null || candidate.isEmpty()) {
                continue;
            }
            if (volume != null) {
                throw new ConfigException(source, line, "'" + key + "' names two volumes: '" + volume + "' and '"
                        + candidate + "'");
            }
            volume = candidate;
        }
        if (volume == null) {
            throw new ConfigException(source, line, "'" + key + "' names no volume: '" + value + "'");
        }
        return volume;
    }

    private static Optional<String> storage(GuestType type, String key, String volume, String source, int line)
            throws ConfigException {
        if (volume.equals("none") || volume.equals("cdrom") || volume.startsWith("/")) {
            return Optional.empty();
        }
        Matcher id = VOLUME_ID.matcher(volume);
        if (!id.matches()) {
            throw new ConfigException(source, line, "'" + key + "': '" + volume + "' is not a volume: expected"
                    + " '<storage>:<volume>'" + (type == GuestType.QEMU ? ", 'none', 'cdrom'" : "")
                    + " or an absolute path");
        }
        return Optional.of(id.group(1));
    }
}
