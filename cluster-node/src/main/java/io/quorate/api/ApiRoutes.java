package io.quorate.api;

import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A group of API endpoints that mounts itself on the router. */
public interface ApiRoutes {
    void mount(Router router);

    /** Runs a handler on the core's event loop (the core is not thread-safe); replies hop back. */
    static Handler<RoutingContext> onCore(NodeRuntime runtime, Handler<RoutingContext> handler) {
        return context -> runtime.runOnCore(() -> {
            try {
                handler.handle(context);
            } catch (RuntimeException e) {
                ApiServer.ApiReply.error(context, 500, "internal error: " + e.getMessage());
            }
        });
    }
}
