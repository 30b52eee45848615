package io.quorate.it;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Waiting on the config tree of nodes the test can reach over the API (not in a network namespace). */
final class ConfigTreeChecks {
    private ConfigTreeChecks() {
    }

    /** {@code fs status} of each node, null for a node that does not answer. */
    static List<JsonObject> statuses(List<Path> dirs) {
        List<JsonObject> statuses = new ArrayList<>();
        for (Path dir : dirs) {
            statuses.add(TreeApi.of(dir, Duration.ofSeconds(3)).statusOrNull());
        }
        return statuses;
    }

    /** Every node answers, is quorate, current, and names the same leader. */
    static void awaitReady(Duration limit, List<Path> dirs) throws InterruptedException {
        Await.until(limit, () -> {
            List<JsonObject> statuses = statuses(dirs);
            if (statuses.stream().anyMatch(Objects::isNull)) {
                return false;
            }
            String leader = statuses.get(0).getString("leader");
            return leader != null && statuses.stream().allMatch(s -> s.getBoolean("quorate") && s.getBoolean("current")
                    && leader.equals(s.getString("leader")));
        }, () -> "fs status: " + statuses(dirs));
    }

    /** Every node answers, is current, and is at one version, at least {@code atLeast}; returns that version. */
    static long awaitSameVersion(Duration limit, List<Path> dirs, long atLeast) throws InterruptedException {
        Await.until(limit, () -> {
            List<JsonObject> statuses = statuses(dirs);
            if (statuses.stream().anyMatch(Objects::isNull)) {
                return false;
            }
            long version = statuses.get(0).getLong("version");
            return version >= atLeast && statuses.stream().allMatch(s -> s.getBoolean("current")
                    && s.getLong("version") == version && s.getLong("commit_index").equals(s.getLong("last_index")));
        }, () -> "fs status (want one version >= " + atLeast + "): " + statuses(dirs));
        return statuses(dirs).get(0).getLong("version");
    }
}
