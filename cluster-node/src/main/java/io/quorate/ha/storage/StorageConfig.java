package io.quorate.ha.storage;

import io.quorate.config.ConfigException;
import io.quorate.ha.config.SectionConfig;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Proxmox's {@code /etc/pve/storage.cfg}, read for placement only: which storages exist, which are
 * shared, on which nodes, and which are disabled. The file is section-config
 * ({@link SectionConfig}): {@code <type>: <storeid>} followed by indented {@code key value} lines.
 *
 * <p>Of the keys, only {@code nodes}, {@code shared} and {@code disable} are interpreted and checked;
 * the rest ({@code path}, {@code server}, {@code content}, ...) say how a node reaches the storage,
 * which Proxmox's storage layer handles, so they are passed over. As in Proxmox, a storage
 * {@code local} (a directory on each node) exists even when the file does not define it.
 */
public final class StorageConfig {

    /** {@code pve-storage-id}. */
    private static final Pattern STORAGE_ID = Pattern.compile("(?i)[a-z][a-z0-9\\-_.]*[a-z0-9]");
    /** {@code pve-node}: a host name label. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,;]+");

    /** Proxmox adds it when missing: every node has its own {@code /var/lib/vz}. */
    private static final Storage IMPLICIT_LOCAL = new Storage("local", StorageType.DIR, false, new TreeSet<>(), false);

    private final Map<String, Storage> byId;

    private StorageConfig(Map<String, Storage> byId) {
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    }

    /**
     * @param source what messages call the text, e.g. {@code storage.cfg}
     * @throws ConfigException naming the line: bad syntax, an unknown type, an invalid id, node list
     *                         or boolean, a storage id given twice, {@code shared} where it has no meaning
     */
    public static StorageConfig parse(String source, String text) throws ConfigException {
        Map<String, Storage> byId = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        for (SectionConfig.Section section : SectionConfig.parse(source, text).sections()) {
            Storage storage = storage(source, section);
            Integer first = lines.putIfAbsent(storage.id(), section.line());
            if (first != null) {
                throw new ConfigException(source, section.line(),
                        "storage '" + storage.id() + "' is defined twice (first on line " + first + ")");
            }
            byId.put(storage.id(), storage);
        }
        byId.putIfAbsent(IMPLICIT_LOCAL.id(), IMPLICIT_LOCAL);
        return new StorageConfig(byId);
    }

    public Optional<Storage> storage(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every storage, by id (including the implicit {@code local}). */
    public Collection<Storage> storages() {
        return byId.values();
    }

    private static Storage storage(String source, SectionConfig.Section section) throws ConfigException {
        String label = "storage '" + section.id() + "'";
        StorageType type = StorageType.of(section.type()).orElseThrow(() -> new ConfigException(source, section.line(),
                label + ": unknown storage type '" + section.type() + "' (known: " + StorageType.known() + ")"));
        if (!STORAGE_ID.matcher(section.id()).matches()) {
            throw new ConfigException(source, section.line(), "invalid storage id '" + section.id()
                    + "': a letter, then letters, digits, '-', '_' or '.', ending in a letter or digit");
        }
        boolean shared = type.sharedByNature();
        Optional<SectionConfig.Property> sharedOption = section.property("shared");
        if (sharedOption.isPresent()) {
            boolean value = bool(source, label, sharedOption.get());
            if (!type.shareable() && value != type.sharedByNature()) {
                throw new ConfigException(source, sharedOption.get().line(), label + ": 'shared "
                        + sharedOption.get().value() + "' is not possible for type " + type.configName() + ", which is "
                        + (type.sharedByNature() ? "always shared" : "always local to each node")
                        + " (only dir and lvm take 'shared')");
            }
            shared = value;
        }
        TreeSet<String> nodes = new TreeSet<>();
        Optional<SectionConfig.Property> nodesOption = section.property("nodes");
        if (nodesOption.isPresent()) {
            nodes.addAll(nodes(source, label, nodesOption.get()));
        }
        Optional<SectionConfig.Property> disable = section.property("disable");
        boolean disabled = disable.isPresent() && bool(source, label, disable.get());
        return new Storage(section.id(), type, shared, nodes, disabled);
    }

    private static TreeSet<String> nodes(String source, String label, SectionConfig.Property property)
            throws ConfigException {
        TreeSet<String> nodes = new TreeSet<>();
        for (String node : LIST_SEPARATORS.split(property.value().strip())) {
            if (node.isEmpty()) {
                continue;
            }
            if (!NODE_NAME.matcher(node).matches()) {
                throw new ConfigException(source, property.line(), label + ": invalid node name '" + node
                        + "' in 'nodes' (letters, digits and inner '-' only)");
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            // an empty list would read as "every node": say so rather than guess
            throw new ConfigException(source, property.line(), label + ": 'nodes' needs at least one node");
        }
        return nodes;
    }

    /** A JSON-schema boolean: {@code 1|true|yes|on}, {@code 0|false|no|off}; a bare key is true. */
    private static boolean bool(String source, String label, SectionConfig.Property property) throws ConfigException {
        String value = property.value().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || Arrays.asList("1", "true", "yes", "on").contains(value)) {
            return true;
        }
        if (Arrays.asList("0", "false", "no", "off").contains(value)) {
            return false;
        }
        throw new ConfigException(source, property.line(), label + ": '" + property.key()
                + "' must be a boolean (0 or 1), got '" + property.value() + "'");
    }
}
