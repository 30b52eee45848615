package io.quorate.ha.runtime;

import io.quorate.config.ConfigException;
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
import java.util.Set;
import java.util.TreeMap;

/**
 * The HA configuration the master works from: resources, groups (mapped onto rules as Proxmox 9
 * does) and rules, read from the committed tree. A file that does not parse is reported and the
 * last good reading stays in force, so a typo cannot stop or move every service.
 */
final class CrmConfig {
    private final HaContext context;
    private final ProblemLog problems;
    private ResourcesConfig resources = ResourcesConfig.empty();
    private GroupsConfig groups = GroupsConfig.empty();
    private RulesConfig rules = RulesConfig.empty();

    CrmConfig(HaContext context, ProblemLog problems) {
        this.context = context;
        this.problems = problems;
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String source, String text) throws ConfigException;
    }

    private <T> T load(String path, Parser<T> parser, T lastGood) {
        String text = context.read(path).orElse("");
        try {
            T parsed = parser.parse(path, text);
            problems.clear(path);
            return parsed;
        } catch (ConfigException e) {
            problems.report(path, e.getMessage() + " (the last good version stays in force)");
            return lastGood;
        }
    }

    /** Rereads the files; call once per master iteration. */
    void refresh() {
        resources = load(HaPaths.RESOURCES, ResourcesConfig::parse, resources);
        groups = load(HaPaths.GROUPS, GroupsConfig::parse, groups);
        rules = load(HaPaths.RULES, RulesConfig::parse, rules);
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
        for (String node : context.allNodes()) {
            if (context.read(HaPaths.guestConfig(node, sid)).isPresent()) {
                return node;
            }
        }
        Map<String, Integer> load = new TreeMap<>();
        online.forEach(n -> load.put(n, 0));
        status.services.values().forEach(s -> load.computeIfPresent(s.node, (n, c) -> c + 1));
        return load.entrySet().stream().min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(context.self());
    }
}
