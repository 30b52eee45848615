package io.quorate.cli;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A read-modify-write of one HA config file in the config tree, as Proxmox does under its
 * {@code domain-ha} lock: take the cluster lock {@code ha_config}, read, change, write under the
 * lock's epoch (the tree refuses the write if another edit took the lock meanwhile), release.
 * A stale epoch or a held lock is tried again a few times.
 */
final class HaConfigEdit {
    static final String LOCK = "ha_config";
    private static final int ATTEMPTS = 30;

    private HaConfigEdit() {
    }

    /** Applies {@code change} to the file's text ("" when absent); returns the version written. */
    static long edit(NodeApi api, String path, UnaryOperator<String> change) {
        CliException last = null;
        java.util.Random jitter = new java.util.Random();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt, jitter);
            }
            long epoch;
            try {
                epoch = api.call("POST", "/api2/json/cluster/locks/" + LOCK, null).getJsonObject("data").getLong("epoch");
            } catch (CliException e) {
                last = e;
                continue;
            }
            try {
                String current = read(api, path);
                String updated = change.apply(current);
                JsonObject written = api.putBytes("/api2/json/cluster/fs/file?path=" + FsCommand.query(path) + "&lock=" + LOCK
                        + "&epoch=" + epoch, updated.getBytes(StandardCharsets.UTF_8)).getJsonObject("data");
                return written.getLong("version");
            } catch (CliException e) {
                if (!e.getMessage().contains("stale") && !e.getMessage().contains("held by")) {
                    throw e;
                }
                last = e;
            } finally {
                try {
                    api.call("DELETE", "/api2/json/cluster/locks/" + LOCK + "?epoch=" + epoch, null);
                } catch (CliException e) {
                    // released already, or taken over: nothing to give back
                }
            }
        }
        throw new CliException("could not change " + path + " (the HA config is being edited elsewhere): "
                + (last == null ? "" : last.getMessage()));
    }

    /**
     * Appends one line to the file, as ha-manager's {@code queue_crm_commands} does; {@code check}
     * runs under the lock first, so what it validates cannot change before the line lands.
     */
    static long appendLine(NodeApi api, String path, String line, Runnable check) {
        return edit(api, path, current -> {
            check.run();
            String separator = current.isEmpty() || current.endsWith("\n") ? "" : "\n";
            return current + separator + line + "\n";
        });
    }

    /** Waits a little longer each time, with jitter, so contending editors take turns. */
    private static void backOff(int attempt, java.util.Random jitter) {
        try {
            Thread.sleep(Math.min(1000, 50L * attempt) + jitter.nextInt(100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    static String read(NodeApi api, String path) {
        try {
            JsonObject data = api.get("/api2/json/cluster/fs/file?path=" + FsCommand.query(path) + "&consistent=1").getJsonObject("data");
            return data.getString("content", "");
        } catch (CliException e) {
            if (e.getMessage().startsWith("no such file")) {
                return "";
            }
            throw e;
        }
    }
}
