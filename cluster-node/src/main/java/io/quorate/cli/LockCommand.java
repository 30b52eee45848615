package io.quorate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"Cluster locks in the config tree (pmxcfs priv/lock/*), held by a node.",
                "A lock expires when its holder stops renewing it; each acquisition has an epoch (fencing token)."},
        subcommands = {LockCommand.Ls.class, LockCommand.Acquire.class, LockCommand.Renew.class, LockCommand.Release.class})
public final class LockCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the locks and their holders.")
    static final class Ls extends NodeCliCommand {
        @Override
        public Integer call() {
            JsonArray locks = NodeApi.forDir(dir.path()).get("/api2/json/cluster/locks").getJsonArray("data");
            print(locks::encodePrettily, () -> {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < locks.size(); i++) {
                    JsonObject l = locks.getJsonObject(i);
                    text.append(String.format("%-30s holder %-10s epoch %-8d renewed at v%d%s%n", l.getString("name"),
                            l.getString("holder"), l.getLong("epoch"), l.getLong("renewed_version"),
                            l.getBoolean("held_here") ? " (held by this node)" : ""));
                }
                return text.toString();
            });
            return 0;
        }
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true,
            description = "Take a lock for this node: free, already ours (new epoch), or expired on this node's clock.")
    static final class Acquire extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return report(this, NodeApi.forDir(dir.path()).call("POST", "/api2/json/cluster/locks/" + name, null), "acquired");
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true, description = "Renew a lock this node holds.")
    static final class Renew extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--epoch", required = true, paramLabel = "N")
        long epoch;

        @Override
        public Integer call() {
            return report(this, NodeApi.forDir(dir.path()).call("PUT", "/api2/json/cluster/locks/" + name,
                    new JsonObject().put("epoch", epoch)), "renewed");
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a lock this node holds.")
    static final class Release extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--epoch", required = true, paramLabel = "N")
        long epoch;

        @Override
        public Integer call() {
            return report(this, NodeApi.forDir(dir.path()).call("DELETE", "/api2/json/cluster/locks/" + name + "?epoch=" + epoch, null),
                    "released");
        }
    }

    private static int report(NodeCliCommand command, JsonObject reply, String what) {
        JsonObject data = reply.getJsonObject("data");
        command.print(data::encodePrettily, () -> String.format("lock %s %s: epoch %d, version %d%n", data.getString("lock"),
                what, data.getLong("epoch"), data.getLong("version")));
        return 0;
    }
}
