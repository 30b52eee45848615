package io.quorate.ha.storage;

import io.quorate.config.ConfigException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where HA services may run as far as their storage goes, for the CRM's placement. Built from
 * {@code storage.cfg} and what each guest's config uses.
 *
 * <ul>
 *   <li>Without {@code storage.cfg} nothing is constrained, as in Proxmox (where this is left to
 *       the admin).</li>
 *   <li>A service may run on a node when every storage it uses is defined, enabled and configured
 *       on that node ({@link #whyNotOn}).</li>
 *   <li>It may leave its node only when every such storage is also shared ({@link #whyNotMovable}):
 *       a local storage of the same name elsewhere does not hold its volumes.</li>
 *   <li>A service without a guest config (none given, or not a guest) uses no storage; one whose
 *       config cannot be read may not move, since what it uses is unknown.</li>
 * </ul>
 * Reasons are phrased to follow "recovering service 'vm:101' ... failed: " in the CRM's log.
 */
public final class StoragePlacement {

    private static final StoragePlacement UNCONSTRAINED = new StoragePlacement(null, Map.of(), Map.of());

    /** Null: no storage.cfg. */
    private final StorageConfig config;
    private final Map<String, GuestVolumes> volumes;
    /** Services whose guest config could not be read, with the error. */
    private final Map<String, String> unreadable;

    private StoragePlacement(StorageConfig config, Map<String, GuestVolumes> volumes, Map<String, String> unreadable) {
        this.config = config;
        this.volumes = Map.copyOf(volumes);
        this.unreadable = Map.copyOf(unreadable);
    }

    /** No storage.cfg: every service may run and move anywhere. */
    public static StoragePlacement unconstrained() {
        return UNCONSTRAINED;
    }

    /** From parsed files: the storage config, and per service id the volumes its guest uses. */
    public static StoragePlacement of(StorageConfig config, Map<String, GuestVolumes> volumes) {
        return new StoragePlacement(Objects.requireNonNull(config, "config"), volumes, Map.of());
    }

    /**
     * From the files' contents, as the CRM reads them from the config tree.
     *
     * @param storageCfg   {@code storage.cfg}, or null when there is none (no constraint at all)
     * @param guestConfigs per service id ({@code vm:101}), its guest config text, or null when it has
     *                     none; a config that does not parse keeps that service where it is, with the
     *                     parse error as the reason
     * @throws ConfigException when storage.cfg itself does not parse (naming line and problem)
     */
    public static StoragePlacement fromFiles(String storageCfg, Map<String, String> guestConfigs) throws ConfigException {
        if (storageCfg == null) {
            return UNCONSTRAINED;
        }
        StorageConfig config = StorageConfig.parse("storage.cfg", storageCfg);
        Map<String, GuestVolumes> volumes = new TreeMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (Map.Entry<String, String> guest : new TreeMap<>(guestConfigs).entrySet()) {
            Optional<GuestType> type = GuestType.ofResource(guest.getKey());
            if (guest.getValue() == null || type.isEmpty()) {
                continue;
            }
            try {
                volumes.put(guest.getKey(), GuestVolumes.parse(type.get().configPath(guest.getKey()), type.get(),
                        guest.getValue()));
            } catch (ConfigException e) {
                unreadable.put(guest.getKey(), "guest config unreadable: " + e.getMessage());
            }
        }
        return new StoragePlacement(config, volumes, unreadable);
    }

    /** Why the service may not run on this node, or empty when it may. */
    public Optional<String> whyNotOn(String sid, String node) {
        return firstProblem(sid, storage -> storage.onNode(node) ? Optional.empty()
                : Optional.of("storage '" + storage.id() + "' is not available on node '" + node + "'"));
    }

    /**
     * Why the service may not leave its node for any other, or empty when its storage lets it (every
     * storage it uses is defined, enabled and shared; which nodes have it is {@link #whyNotOn}'s).
     */
    public Optional<String> whyNotMovable(String sid) {
        return firstProblem(sid, storage -> storage.shared() ? Optional.empty()
                : Optional.of("guest uses non-shared storage '" + storage.id() + "'"));
    }

    /**
     * Why the service may not go from {@code from} to {@code target}, or empty: staying put is always
     * allowed (storage trouble there is for the start to report), a move needs both answers above.
     */
    public Optional<String> whyNotMove(String sid, String from, String target) {
        if (target.equals(from)) {
            return Optional.empty();
        }
        return whyNotMovable(sid).or(() -> whyNotOn(sid, target));
    }

    /**
     * The first storage problem of the service, in storage id order: an unreadable config, then per
     * storage an unknown id, a disabled storage, or what {@code problem} finds.
     */
    private Optional<String> firstProblem(String sid, Function<Storage, Optional<String>> problem) {
        if (config == null) {
            return Optional.empty();
        }
        if (unreadable.containsKey(sid)) {
            return Optional.of(unreadable.get(sid));
        }
        for (String id : volumes.getOrDefault(sid, GuestVolumes.none()).storages()) {
            Optional<Storage> storage = config.storage(id);
            if (storage.isEmpty()) {
                return Optional.of("guest uses storage '" + id + "', which storage.cfg does not define");
            }
            if (storage.get().disabled()) {
                return Optional.of("guest uses disabled storage '" + id + "'");
            }
            Optional<String> found = problem.apply(storage.get());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
