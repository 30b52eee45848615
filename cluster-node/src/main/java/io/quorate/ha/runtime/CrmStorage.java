package io.quorate.ha.runtime;

import io.quorate.config.ConfigException;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.storage.StoragePlacement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The storage placement the master works from: {@code storage.cfg} and the guest config of every
 * HA service, read from the committed tree and parsed again only when one of them changed. A
 * {@code storage.cfg} that does not parse is reported once and the last good placement stays in
 * force, as for the other HA files.
 */
final class CrmStorage {
    private final HaContext context;
    private final ProblemLog problems;
    private String storageText;
    private Map<String, String> guestTexts = Map.of();
    private StoragePlacement placement = StoragePlacement.unconstrained();

    CrmStorage(HaContext context, ProblemLog problems) {
        this.context = context;
        this.problems = problems;
    }

    /** The placement for {@code services} (service ids) as the tree says now. */
    StoragePlacement placement(Set<String> services) {
        String storage = context.read(HaPaths.STORAGE).orElse(null);
        Map<String, String> guests = new TreeMap<>();
        if (storage != null) {
            for (String sid : services) {
                guests.put(sid, context.guestConfig(sid).map(HaContext.GuestConfig::text).orElse(null));
            }
        }
        if (java.util.Objects.equals(storage, storageText) && guests.equals(guestTexts)) {
            return placement;
        }
        storageText = storage;
        guestTexts = guests;
        try {
            placement = StoragePlacement.fromFiles(storage, guests);
            problems.clear(HaPaths.STORAGE);
        } catch (ConfigException e) {
            problems.report(HaPaths.STORAGE, e.getMessage() + " (the last good version stays in force)");
        }
        return placement;
    }
}
