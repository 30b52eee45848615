package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Seeded random configs: parse(write(x)) equals x, and writing is a fixed point. */
class RoundTripTest {

    private static final int RUNS = 300;
    private static final String[] COMMENT_CHARS = {"a", "Z", " ", ":", "%", "#", "\u00e9", "\u6f22", "'", "=", ",",
        "\t", "41", "%3A"};

    @Test
    void resources() throws ConfigException {
        Random random = new Random(4);
        for (int run = 0; run < RUNS; run++) {
            Map<ResourceId, HaResource> resources = new LinkedHashMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                ResourceId sid = random.nextBoolean() ? ResourceId.vm(100 + random.nextInt(1000))
                        : ResourceId.ct(100 + random.nextInt(1000));
                resources.put(sid, new HaResource(sid, RequestedState.values()[random.nextInt(4)], maybe(random,
                        "g" + random.nextInt(3)), random.nextInt(4), random.nextInt(4), random.nextBoolean(),
                        comment(random)));
            }
            ResourcesConfig config = ResourcesConfig.of(resources.values());
            String text = config.write();
            assertEquals(config, ResourcesConfig.parse("seed " + run, text), text);
            assertEquals(text, ResourcesConfig.parse("seed " + run, text).write());
        }
    }

    @Test
    void groupsAndRules() throws ConfigException {
        Random random = new Random(7);
        for (int run = 0; run < RUNS; run++) {
            List<HaGroup> groups = new ArrayList<>();
            List<HaRule> rules = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                groups.add(new HaGroup("group" + i, nodes(random), random.nextBoolean(), random.nextBoolean(),
                        comment(random)));
                TreeSet<ResourceId> sids = new TreeSet<>();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    sids.add(random.nextInt(5) == 0 ? ResourceId.parse("fa:" + random.nextInt(200))
                            : ResourceId.vm(100 + random.nextInt(50)));
                }
                rules.add(random.nextBoolean()
                        ? new NodeAffinityRule("rule-" + i, sids, nodes(random), random.nextBoolean(),
                                random.nextBoolean(), comment(random))
                        : new ResourceAffinityRule("rule_" + i, sids, Affinity.values()[random.nextInt(2)],
                                random.nextBoolean(), comment(random)));
            }
            GroupsConfig groupsConfig = GroupsConfig.of(groups);
            String groupsText = groupsConfig.write();
            assertEquals(groupsConfig, GroupsConfig.parse("seed " + run, groupsText), groupsText);
            assertEquals(groupsText, GroupsConfig.parse("seed " + run, groupsText).write());
            RulesConfig rulesConfig = RulesConfig.of(rules);
            String rulesText = rulesConfig.write();
            assertEquals(rulesConfig, RulesConfig.parse("seed " + run, rulesText), rulesText);
            assertEquals(rulesText, RulesConfig.parse("seed " + run, rulesText).write());
        }
    }

    @Test
    void fenceDevices() throws ConfigException {
        Random random = new Random(11);
        IpmiPrivilege[] levels = IpmiPrivilege.values();
        for (int run = 0; run < RUNS; run++) {
            List<IpmiFenceDevice> devices = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                devices.add(new IpmiFenceDevice("node" + i, random.nextBoolean() ? "10.0.0." + i : "bmc" + i + ".lab",
                        1 + random.nextInt(65535), "user" + i, Path.of("/etc/q/pw " + i), random.nextBoolean(),
                        random.nextInt(18), levels[random.nextInt(levels.length)], comment(random)));
            }
            FenceConfig config = FenceConfig.of(devices);
            String text = config.write();
            assertEquals(config, FenceConfig.parse("seed " + run, text), text);
            assertEquals(text, FenceConfig.parse("seed " + run, text).write());
        }
    }

    private static NodePriorities nodes(Random random) {
        TreeMap<String, Integer> map = new TreeMap<>();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            map.put("node" + random.nextInt(6), random.nextInt(3) == 0 ? 0 : random.nextInt(1000));
        }
        return new NodePriorities(map);
    }

    private static Optional<String> maybe(Random random, String value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    private static Optional<String> comment(Random random) {
        if (random.nextBoolean()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            text.append(COMMENT_CHARS[random.nextInt(COMMENT_CHARS.length)]);
        }
        return Optional.of(text.toString());
    }
}
