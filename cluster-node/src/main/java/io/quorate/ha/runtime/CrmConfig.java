package io.quorate.ha.runtime;

import io.quorate.ha.config.GroupMigration;
import io.quorate.ha.config.GroupsConfig;
import io.quorate.ha.config.HaResource;
import io.quorate.ha.config.NodeAffinity;
import io.quorate.ha.config.ResourcesConfig;
import io.quorate.ha.config.RulesConfig;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.ServiceConf;
import io.quorate.ha.state.HaPaths;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The HA configuration the master works from: resources, groups (mapped onto rules as Proxmox 9
 * does) and rules, read from the committed tree (see {@link ParsedFile}).
 */
final class CrmConfig {
    private final HaContext context;
    private final ManagerStatusSource source;
    private final ParsedFile<GroupsConfig> groupsFile;
    private final ParsedFile<RulesConfig> rulesFile;
    private ResourcesConfig resources = ResourcesConfig.empty();
    private GroupsConfig groups = GroupsConfig.empty();
    private RulesConfig rules = RulesConfig.empty();

    /** Resources come through {@code source}, so the LRM and CRM of a node share one reading. */
    CrmConfig(HaContext context, ManagerStatusSource source, ProblemLog problems) {
        this.context = context;
        this.source = source;
        this.groupsFile = new ParsedFile<>(context, problems, HaPaths.GROUPS, GroupsConfig::parse, GroupsConfig.empty());
        this.rulesFile = new ParsedFile<>(context, problems, HaPaths.RULES, RulesConfig::parse, RulesConfig.empty());
    }

    /** Rereads the files (each parsed only when changed); call once per master iteration. */
    void refresh() {
        resources = source.resources();
        groups = groupsFile.get();
        rules = rulesFile.get();
    }

    NodeAffinity affinity() {
        return NodeAffinity.compile(resources, groups, rules);
    }

    /**
     * Each resource as the manager takes it. Its node is where its guest config lives; a process
     * guest may have none, and then starts on the online node with the fewest services (ties by name).
     */
    Map<String, ServiceConf> services(ManagerStatus status, Set<String> online) {
        Map<String, ServiceConf> services = new TreeMap<>();
        for (HaResource resource : resources.resources()) {
            String sid = resource.sid().toString();
            String node = homeOf(sid, status, online);
            boolean failback = GroupMigration.effectiveFailback(resource, groups);
            services.put(sid, new ServiceConf(sid, resource.state().text(), node, resource.maxRestart(), resource.maxRelocate(),
                    failback));
        }
        return services;
    }

    private String homeOf(String sid, ManagerStatus status, Set<String> online) {
        ManagerStatus.ServiceEntry known = status.services.get(sid);
        if (known != null) {
            return known.node;
        }
        Optional<HaContext.GuestConfig> config = context.guestConfig(sid);
        if (config.isPresent()) {
            return config.get().node();
        }
        Map<String, Integer> load = new TreeMap<>();
        online.forEach(n -> load.put(n, 0));
        status.services.values().forEach(s -> load.computeIfPresent(s.node, (n, c) -> c + 1));
        return load.entrySet().stream().min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(context.self());
    }
}
