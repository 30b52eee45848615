package io.quorate.ha.runtime;

import io.quorate.ha.config.HaResource;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.state.ManagerStatusJson;
import java.util.Optional;

/**
 * The manager status and resource config as this node's committed tree has them, decoded once per
 * version. A damaged file is reported once and read as empty (an LRM then has no work), never guessed at.
 */
final class ManagerStatusSource {
    private final HaContext context;
    private final ProblemLog problems;
    private String statusText;
    private ManagerStatus status = new ManagerStatus();
    private final ParsedFile<ResourcesConfig> resources;

    ManagerStatusSource(HaContext context, ProblemLog problems) {
        this.context = context;
        this.problems = problems;
        this.resources = new ParsedFile<>(context, problems, HaPaths.RESOURCES, ResourcesConfig::parse, ResourcesConfig.empty());
    }

    ManagerStatus current() {
        String text = context.read(HaPaths.MANAGER_STATUS).orElse("");
        if (!text.equals(statusText)) {
            statusText = text;
            try {
                status = ManagerStatusJson.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), context.now());
                problems.clear(HaPaths.MANAGER_STATUS);
            } catch (IllegalArgumentException e) {
                problems.report(HaPaths.MANAGER_STATUS, e.getMessage());
                status = new ManagerStatus();
            }
        }
        return status;
    }

    ResourcesConfig resources() {
        return resources.get();
    }

    Optional<HaResource> resource(String sid) {
        try {
            return resources().get(ResourceId.parse(sid));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
