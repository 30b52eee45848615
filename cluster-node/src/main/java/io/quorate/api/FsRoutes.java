package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.ConfigTree;
import io.quorate.configdb.Guard;
import io.quorate.configdb.LockName;
import io.quorate.configdb.LockPaths;
import io.quorate.configdb.TreePath;
import io.quorate.core.Outcome;
import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.protocol.Blob;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api2/json/cluster/fs/...} and {@code /api2/json/cluster/locks/...}: the config tree
 * (pmxcfs's /etc/pve) and its cluster locks. Reads are served from the node's committed tree, even
 * without quorum, unless {@code consistent=1} asks for a linearizable read through the majority.
 */
public final class FsRoutes implements ApiRoutes {
    static final String UNSAFE_WARNING = "UNSAFE: written on this node only, without a majority (quorate by an override);"
            + " not replicated; reported and kept aside when the node rejoins";
    private final NodeRuntime runtime;

    public FsRoutes(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void mount(Router router) {
        router.get("/api2/json/cluster/fs/status").handler(onCore(this::status));
        router.get("/api2/json/cluster/fs/list").handler(this::list);
        router.get("/api2/json/cluster/fs/file").handler(this::read);
        router.put("/api2/json/cluster/fs/file").handler(this::write);
        router.delete("/api2/json/cluster/fs/file").handler(this::remove);
        router.get("/api2/json/cluster/fs/watch").handler(this::watch);
        router.get("/api2/json/cluster/locks").handler(onCore(this::locks));
        router.post("/api2/json/cluster/locks/:name").handler(this::acquire);
        router.put("/api2/json/cluster/locks/:name").handler(this::renew);
        router.delete("/api2/json/cluster/locks/:name").handler(this::release);
    }

    private Handler<RoutingContext> onCore(Handler<RoutingContext> handler) {
        return ApiRoutes.onCore(runtime, handler);
    }

    private ConfigDb db() {
        return runtime.core().configDb();
    }

    private void status(RoutingContext context) {
        ConfigDb db = db();
        JsonObject status = new JsonObject()
                .put("role", db.role())
                .put("term", db.term())
                .put("leader", db.leaderId() == 0 ? null : runtime.core().spec().node(db.leaderId()).map(v -> v.name())
                        .orElse("node" + db.leaderId()))
                .put("version", db.version())
                .put("commit_index", db.commitIndex())
                .put("last_index", db.lastLogIndex())
                .put("current", db.isCurrent())
                .put("files", db.tree().fileCount())
                .put("bytes", db.tree().totalBytes())
                .put("voters", new JsonArray(db.logMembership().voters().stream().toList()))
                .put("quorate", runtime.core().quorumStatus().quorate());
        ApiReply.data(context, status);
    }

    private void list(RoutingContext context) {
        String dir = context.queryParams().get("path") == null ? "" : context.queryParams().get("path");
        Optional<String> problem = TreePath.prefixProblem(dir);
        if (problem.isPresent()) {
            ApiReply.error(context, 400, "invalid path: " + problem.get(), new JsonObject().put("path", problem.get()));
            return;
        }
        readable(context, tree -> {
            List<ConfigTree.Listing> listing = consistentRead(context) ? tree.list(dir) : db().list(dir);
            String trimmed = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
            if (listing.isEmpty() && !trimmed.isEmpty()) {
                // like ls: a file lists as itself; a path that is nothing is an error
                Optional<ConfigDb.FileView> file = consistentRead(context)
                        ? tree.file(trimmed).map(f -> new ConfigDb.FileView(f.content(), f.version(), false))
                        : db().readFile(trimmed);
                if (file.isEmpty()) {
                    return null;
                }
                listing = List.of(new ConfigTree.Listing(trimmed.substring(trimmed.lastIndexOf('/') + 1), false,
                        file.get().content().size(), file.get().version()));
            }
            JsonArray entries = new JsonArray();
            for (ConfigTree.Listing entry : listing) {
                entries.add(new JsonObject().put("name", entry.name()).put("type", entry.directory() ? "dir" : "file")
                        .put("size", entry.bytes()).put("version", entry.version()));
            }
            return new JsonObject().put("path", dir).put("version", tree.version()).put("entries", entries);
        });
    }

    private void read(RoutingContext context) {
        String path = pathParam(context);
        if (path == null) {
            return;
        }
        readable(context, tree -> {
            Optional<ConfigDb.FileView> file = consistentRead(context)
                    ? tree.file(path).map(f -> new ConfigDb.FileView(f.content(), f.version(), false))
                    : db().readFile(path);
            if (file.isEmpty()) {
                return null;
            }
            JsonObject data = new JsonObject().put("path", path).put("version", file.get().version())
                    .put("tree_version", tree.version()).put("size", file.get().content().size());
            if (file.get().unsafe()) {
                data.put("unsafe", true).put("warning", UNSAFE_WARNING);
            }
            putContent(data, file.get().content());
            return data;
        });
    }

    /**
     * Runs {@code read} on the core's loop over the local tree — after a read index round when
     * {@code consistent=1} — and replies with its result (null: 404).
     */
    private void readable(RoutingContext context, Function<ConfigTree, JsonObject> read) {
        boolean consistent = consistentRead(context);
        Future<Outcome> ready = consistent
                ? runtime.request((core, id, now, out) -> core.consistentRead(id, now, out))
                : Future.succeededFuture(new Outcome.ReadReady(0));
        ready.onComplete(result -> runtime.runOnCore(() -> {
            if (result.failed()) {
                ApiReply.error(context, 500, result.cause().getMessage());
                return;
            }
            if (!(result.result() instanceof Outcome.ReadReady)) {
                ConfigOutcomes.replyError(context, result.result());
                return;
            }
            ConfigTree tree = db().tree();
            JsonObject data = read.apply(tree);
            if (data == null) {
                ApiReply.error(context, 404, "no such file or directory: " + context.queryParams().get("path"),
                        new JsonObject().put("reason", "no_such_file").put("version", tree.version()));
                return;
            }
            ApiReply.data(context, data.put("consistent", consistent));
        }));
    }

    private void write(RoutingContext context) {
        String path = pathParam(context);
        Guard guard = guardParam(context);
        if (path == null || guard == null) {
            return;
        }
        Blob content = Blob.wrap(context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes());
        respond(context, runtime.request((core, id, now, out) -> core.write(id, path, content, guard, now, out)),
                done -> new JsonObject().put("path", path).put("version", done.version()).put("size", content.size()));
    }

    private void remove(RoutingContext context) {
        String path = pathParam(context);
        Guard guard = guardParam(context);
        if (path == null || guard == null) {
            return;
        }
        respond(context, runtime.request((core, id, now, out) -> core.remove(id, path, guard, now, out)),
                done -> new JsonObject().put("path", path).put("version", done.version()));
    }

    private void locks(RoutingContext context) {
        JsonArray locks = new JsonArray();
        long now = runtime.coreTime();
        db().tree().locks().forEach((name, lock) -> locks.add(new JsonObject()
                .put("name", name)
                .put("holder", runtime.core().spec().node(lock.holder()).map(v -> v.name()).orElse("node" + lock.holder()))
                .put("epoch", lock.epoch())
                .put("renewed_version", lock.renewedAt())
                .put("held_here", db().heldLock(name, now).isPresent())));
        ApiReply.data(context, locks);
    }

    private void acquire(RoutingContext context) {
        String name = lockParam(context);
        if (name == null) {
            return;
        }
        respond(context, runtime.request((core, id, now, out) -> core.acquireLock(id, name, now, out)),
                done -> lockReply(name, done));
    }

    private void renew(RoutingContext context) {
        String name = lockParam(context);
        Long epoch = epochParam(context);
        if (name == null || epoch == null) {
            return;
        }
        respond(context, runtime.request((core, id, now, out) -> core.renewLock(id, name, epoch, now, out)),
                done -> lockReply(name, done));
    }

    private void release(RoutingContext context) {
        String name = lockParam(context);
        Long epoch = epochParam(context);
        if (name == null || epoch == null) {
            return;
        }
        respond(context, runtime.request((core, id, now, out) -> core.releaseLock(id, name, epoch, now, out)),
                done -> lockReply(name, done));
    }

    private static JsonObject lockReply(String name, Outcome.Done done) {
        return new JsonObject().put("lock", name).put("path", LockPaths.pathOf(name)).put("epoch", done.epoch())
                .put("version", done.version());
    }

    /**
     * Streams every committed change at or below {@code prefix} as JSON lines, in commit order:
     * first a line with the version the watch starts after, then one per change.
     */
    private void watch(RoutingContext context) {
        String prefix = context.queryParams().get("prefix") == null ? "" : context.queryParams().get("prefix");
        Optional<String> problem = TreePath.prefixProblem(prefix);
        if (problem.isPresent()) {
            ApiReply.error(context, 400, "invalid prefix: " + problem.get(), new JsonObject().put("prefix", problem.get()));
            return;
        }
        Context api = Vertx.currentContext();
        HttpServerResponse response = context.response();
        response.setChunked(true).putHeader("content-type", "application/x-ndjson");
        runtime.runOnCore(() -> {
            long start = db().version();
            Runnable unsubscribe = runtime.addEventListener(event -> {
                if (event.data() instanceof ConfigEvent.Committed committed && atOrBelow(committed.path(), prefix)
                        && !committed.operation().equals("lock_renew")) {
                    String line = change(event, committed).encode() + "\n";
                    api.runOnContext(v -> {
                        if (!response.ended() && !response.closed()) {
                            response.write(line);
                        }
                    });
                }
            });
            api.runOnContext(v -> {
                response.closeHandler(closed -> runtime.runOnCore(unsubscribe));
                response.write(new JsonObject().put("watching", prefix).put("after_version", start).encode() + "\n");
            });
        });
    }

    /** "ha" and "ha/" both mean the directory ha (and a file named ha), not "hamster.cfg". */
    static boolean atOrBelow(String path, String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        String dir = prefix.endsWith("/") ? prefix : prefix + "/";
        return path.startsWith(dir) || path.equals(dir.substring(0, dir.length() - 1));
    }

    private static JsonObject change(Event event, ConfigEvent.Committed committed) {
        return new JsonObject().put("version", committed.version()).put("operation", committed.operation())
                .put("path", committed.path()).put("size", committed.bytes()).put("origin", committed.origin())
                .put("time", event.time().toString());
    }

    private void respond(RoutingContext context, Future<Outcome> outcome, Function<Outcome.Done, JsonObject> onDone) {
        outcome.onComplete(result -> {
            if (result.failed()) {
                ApiReply.error(context, 500, result.cause().getMessage());
            } else if (result.result() instanceof Outcome.Done done) {
                ApiReply.data(context, onDone.apply(done));
            } else if (result.result() instanceof Outcome.UnsafeApplied unsafe) {
                ApiReply.data(context, onDone.apply(new Outcome.Done(unsafe.basedOnVersion(), 0)).put("unsafe", true)
                        .put("warning", UNSAFE_WARNING));
            } else {
                ConfigOutcomes.replyError(context, result.result());
            }
        });
    }

    private static String pathParam(RoutingContext context) {
        String path = context.queryParams().get("path");
        Optional<String> problem = TreePath.problem(path);
        if (problem.isPresent()) {
            ApiReply.error(context, 400, "invalid path: " + problem.get(), new JsonObject().put("reason", "invalid_path"));
            return null;
        }
        return path;
    }

    private static String lockParam(RoutingContext context) {
        String name = context.pathParam("name");
        Optional<String> problem = LockName.problem(name);
        if (problem.isPresent()) {
            ApiReply.error(context, 400, problem.get(), new JsonObject().put("name", problem.get()));
            return null;
        }
        return name;
    }

    /** {@code lock} and {@code epoch} together make a write under a lock; neither: a plain write. */
    private static Guard guardParam(RoutingContext context) {
        String lock = context.queryParams().get("lock");
        String epoch = context.queryParams().get("epoch");
        if (lock == null && epoch == null) {
            return Guard.NONE;
        }
        if (lock == null || epoch == null || LockName.problem(lock).isPresent() || !epoch.matches("\\d{1,18}")) {
            ApiReply.error(context, 400, "a write under a lock needs both lock=<name> and epoch=<number>",
                    new JsonObject().put("lock", String.valueOf(lock)).put("epoch", String.valueOf(epoch)));
            return null;
        }
        return new Guard(lock, Long.parseLong(epoch));
    }

    private static Long epochParam(RoutingContext context) {
        String epoch = context.queryParams().get("epoch");
        if (epoch == null && context.body() != null && context.body().length() > 0) {
            try {
                Object value = context.body().asJsonObject().getValue("epoch");
                epoch = value == null ? null : value.toString();
            } catch (RuntimeException e) {
                epoch = "not JSON";
            }
        }
        if (epoch == null || !epoch.matches("\\d{1,18}")) {
            ApiReply.error(context, 400, "parameter verification failed",
                    new JsonObject().put("epoch", epoch == null ? "property is missing" : "not a number: " + epoch));
            return null;
        }
        return Long.parseLong(epoch);
    }

    private static boolean consistentRead(RoutingContext context) {
        return flag(context, "consistent");
    }

    private static boolean flag(RoutingContext context, String name) {
        String value = context.queryParams().get(name);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** UTF-8 text as {@code content}; anything else as {@code content_base64}. */
    private static void putContent(JsonObject data, Blob content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content.unsafeArray())).toString();
            data.put("content", text);
        } catch (CharacterCodingException e) {
            data.put("content_base64", Base64.getEncoder().encodeToString(content.unsafeArray()));
        }
    }
}
