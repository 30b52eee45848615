package io.quorate.api;

import io.quorate.runtime.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;

/**
 * The node's HTTPS API under {@code /api2/json}, Proxmox-shaped. Every request needs an API token
 * ({@code Authorization: PVEAPIToken=...}): none or a wrong one → 401; the read-only token on
 * anything but GET → 403. The server has an event loop of its own, so TLS handshakes and JSON work
 * cannot delay heartbeats; handlers that need the core hop to the core's loop and back.
 */
public final class ApiServer {
    /** API bodies are small JSON objects; anything larger is refused before it is read whole. */
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** A config file's body: the tree's 1 MiB limit, with room for the tree's own clear refusal above it. */
    static final long MAX_FILE_BODY_BYTES = 2 * 1024 * 1024;
    static final String FILE_PATH = "/api2/json/cluster/fs/file";
    /** The API's own event loop: replies are written there, whichever loop computed them. */
    static final String API_CONTEXT = "quorate.apiContext";

    private ApiServer() {
    }

    public static Future<HttpServer> start(Vertx vertx, HostPort listen, Path keyPem, Path certPem, ApiTokens tokens,
                                           ApiRoutes... routes) {
        Router router = Router.router(vertx);
        router.route().handler(context -> {
            context.put(API_CONTEXT, Vertx.currentContext());
            context.next();
        });
        router.route().handler(context -> authorize(context, tokens));
        BodyHandler jsonBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        BodyHandler fileBodies = BodyHandler.create(false).setBodyLimit(MAX_FILE_BODY_BYTES);
        router.route().handler(context -> (FILE_PATH.equals(context.request().path()) ? fileBodies : jsonBodies).handle(context));
        for (ApiRoutes group : routes) {
            group.mount(router);
        }
        router.route().last().handler(context -> ApiReply.error(context, 404, "no such API path: " + context.request().path()));
        router.route().failureHandler(ApiServer::onFailure);
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(keyPem.toString()).setCertPath(certPem.toString()));
        return vertx.createHttpServer(options).requestHandler(router).listen(listen.port(), listen.host());
    }

    private static void authorize(RoutingContext context, ApiTokens tokens) {
        ApiTokens.Role role = tokens.authenticate(context.request().getHeader("Authorization"));
        if (role == ApiTokens.Role.NONE) {
            ApiReply.error(context, 401, "authentication failure: missing or wrong API token");
        } else if (role == ApiTokens.Role.READ_ONLY && context.request().method() != HttpMethod.GET) {
            ApiReply.error(context, 403, "permission denied: the read-only token may only read");
        } else {
            context.next();
        }
    }

    private static void onFailure(RoutingContext context) {
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        Throwable failure = context.failure();
        long limit = FILE_PATH.equals(context.request().path()) ? MAX_FILE_BODY_BYTES : MAX_BODY_BYTES;
        String message = status == 413 ? "request body larger than " + limit + " bytes"
                : failure != null ? failure.getMessage() : "request failed";
        ApiReply.error(context, status, message);
    }

    /** The JSON envelopes Proxmox uses: {@code {"data": ...}}, errors with a message and per-field reasons. */
    static final class ApiReply {
        private ApiReply() {
        }

        static void data(RoutingContext context, Object data) {
            String body = new JsonObject().put("data", data).encode();
            onApiContext(context, () -> context.response().putHeader("content-type", "application/json").end(body));
        }

        private static void onApiContext(RoutingContext context, Runnable reply) {
            io.vertx.core.Context api = context.get(API_CONTEXT);
            if (api == null || Vertx.currentContext() == api) {
                reply.run();
            } else {
                api.runOnContext(v -> reply.run());
            }
        }

        static void error(RoutingContext context, int status, String message) {
            error(context, status, message, null);
        }

        static void error(RoutingContext context, int status, String message, JsonObject fieldErrors) {
            JsonObject body = new JsonObject().putNull("data").put("message", message);
            if (fieldErrors != null) {
                body.put("errors", fieldErrors);
            }
            String text = body.encode();
            onApiContext(context, () -> {
                if (!context.response().ended()) {
                    context.response().setStatusCode(status).setStatusMessage(statusLine(message))
                            .putHeader("content-type", "application/json").end(text);
                }
            });
        }

        /** Proxmox puts the reason in the HTTP status line; keep it one printable line. */
        private static String statusLine(String message) {
            String line = message.replaceAll("[\\r\\n\\p{Cntrl}]", " ");
            return line.length() > 200 ? line.substring(0, 200) : line;
        }
    }
}
