package io.quorate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fs", mixinStandardHelpOptions = true,
        description = {"The replicated config tree, like Proxmox's /etc/pve (pmxcfs).",
                "Reads show this node's committed content, also without quorum; writes need quorum and commit on a"
                        + " majority of the voters."},
        subcommands = {FsCommand.Ls.class, FsCommand.Cat.class, FsCommand.Write.class, FsCommand.Rm.class,
                FsCommand.Watch.class, FsCommand.Status.class})
public final class FsCommand {
    /** Largest stdin accepted by {@code fs write}: the tree's 1 MiB limit, with room for its clear refusal. */
    static final int MAX_STDIN_BYTES = 2 * 1024 * 1024;

    static String query(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory of the tree (default: its root).")
    static final class Ls extends NodeCliCommand {
        @Parameters(index = "0", arity = "0..1", defaultValue = "", paramLabel = "DIR")
        String path;

        @Option(names = "--consistent", description = "Read through the majority (linearizable); fails without one.")
        boolean consistent;

        @Override
        public Integer call() {
            JsonObject data = NodeApi.forDir(dir.path()).get("/api2/json/cluster/fs/list?path=" + query(path)
                    + (consistent ? "&consistent=1" : "")).getJsonObject("data");
            print(data::encodePrettily, () -> {
                StringBuilder text = new StringBuilder();
                JsonArray entries = data.getJsonArray("entries");
                for (int i = 0; i < entries.size(); i++) {
                    JsonObject e = entries.getJsonObject(i);
                    boolean dir = "dir".equals(e.getString("type"));
                    text.append(String.format("%-4s %9s  v%-8d %s%n", dir ? "dir" : "file", dir ? "-" : e.getInteger("size"),
                            e.getLong("version"), e.getString("name") + (dir ? "/" : "")));
                }
                return text.toString();
            });
            return 0;
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = "Print a file. JSON output adds the version the read reflects.")
    static final class Cat extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Option(names = "--consistent", description = "Read through the majority (linearizable); fails without one.")
        boolean consistent;

        @Override
        public Integer call() {
            JsonObject data = NodeApi.forDir(dir.path()).get("/api2/json/cluster/fs/file?path=" + query(path)
                    + (consistent ? "&consistent=1" : "")).getJsonObject("data");
            if (output.json()) {
                print(data::encodePrettily, () -> "");
            } else if (data.containsKey("content")) {
                out().print(data.getString("content"));
                out().flush();
            } else {
                // binary content: the bytes as stored, so `fs cat f > copy` is exact
                PrintStream stdout = System.out;
                byte[] bytes = Base64.getDecoder().decode(data.getString("content_base64"));
                stdout.write(bytes, 0, bytes.length);
                stdout.flush();
            }
            return 0;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = {"Write a file from stdin. Refused at once without quorum (\"cluster not ready - no quorum?\")."})
    static final class Write extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Option(names = "--lock", paramLabel = "NAME", description = "Write under this cluster lock (needs --epoch).")
        String lock;

        @Option(names = "--epoch", paramLabel = "N", description = "The lock's epoch (fencing token) from 'lock acquire'.")
        Long epoch;

        @Override
        public Integer call() {
            if ((lock == null) != (epoch == null)) {
                throw new CliException("--lock and --epoch go together", 2);
            }
            byte[] content = readStdin();
            String guard = lock == null ? "" : "&lock=" + query(lock) + "&epoch=" + epoch;
            JsonObject data = NodeApi.forDir(dir.path()).putBytes("/api2/json/cluster/fs/file?path=" + query(path) + guard, content)
                    .getJsonObject("data");
            print(data::encodePrettily, () -> data.getBoolean("unsafe", false)
                    ? String.format("WARNING: %s%n%s written on this node only, on top of version %d (%d bytes)%n",
                            data.getString("warning"), path, data.getLong("version"), data.getInteger("size"))
                    : String.format("%s written at version %d (%d bytes)%n", path, data.getLong("version"), data.getInteger("size")));
            return 0;
        }

        private static byte[] readStdin() {
            try {
                InputStream in = System.in;
                byte[] bytes = in.readNBytes(MAX_STDIN_BYTES + 1);
                if (bytes.length > MAX_STDIN_BYTES) {
                    throw new CliException("stdin is larger than " + MAX_STDIN_BYTES + " bytes; a file may have at most 1 MiB");
                }
                return bytes;
            } catch (IOException e) {
                throw new CliException("cannot read stdin: " + e.getMessage());
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a file.")
    static final class Rm extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Override
        public Integer call() {
            JsonObject data = NodeApi.forDir(dir.path()).call("DELETE", "/api2/json/cluster/fs/file?path=" + query(path), null)
                    .getJsonObject("data");
            print(data::encodePrettily, () -> (data.getBoolean("unsafe", false) ? "WARNING: " + data.getString("warning") + "\n" : "")
                    + String.format("%s removed at version %d%n", path, data.getLong("version")));
            return 0;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Print every committed change at or below PREFIX, in order, until stopped.")
    static final class Watch extends NodeCliCommand {
        @Parameters(index = "0", arity = "0..1", defaultValue = "", paramLabel = "PREFIX")
        String prefix;

        @Override
        public Integer call() {
            NodeApi.forDir(dir.path()).stream("/api2/json/cluster/fs/watch?prefix=" + query(prefix), line -> {
                if (output.json()) {
                    out().println(line.encode());
                } else if (line.containsKey("watching")) {
                    out().printf("watching '%s' after version %d%n", line.getString("watching"), line.getLong("after_version"));
                } else {
                    out().printf("%s v%d %s %s%s%n", line.getString("time"), line.getLong("version"), line.getString("operation"),
                            line.getString("path"), line.getString("origin", "").isEmpty() ? "" : " (from " + line.getString("origin") + ")");
                }
                out().flush();
            });
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "This node's view of the config log: leader, term, versions, whether it is current.")
    static final class Status extends NodeCliCommand {
        @Override
        public Integer call() {
            JsonObject data = NodeApi.forDir(dir.path()).get("/api2/json/cluster/fs/status").getJsonObject("data");
            print(data::encodePrettily, () -> String.format(
                    "role %s, term %d, leader %s%nversion %d (commit %d, log %d), %s%n%d files, %d bytes; voters %s%n",
                    data.getString("role"), data.getLong("term"), data.getString("leader", "none"), data.getLong("version"),
                    data.getLong("commit_index"), data.getLong("last_index"),
                    data.getBoolean("current") ? "current" : "catching up", data.getInteger("files"), data.getLong("bytes"),
                    data.getJsonArray("voters").encode()));
            return 0;
        }
    }
}
