package io.quorate.api;

import io.vertx.ext.web.Router;

/** A group of API endpoints that mounts itself on the router. */
public interface ApiRoutes {
    void mount(Router router);
}
