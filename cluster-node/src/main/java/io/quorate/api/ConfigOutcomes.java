package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.quorate.core.Outcome;
import io.quorate.core.Outcome.Refusal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How a config-tree outcome that is not a success maps onto an HTTP error. */
final class ConfigOutcomes {
    private ConfigOutcomes() {
    }

    static void replyError(RoutingContext context, Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused) {
            ApiReply.error(context, statusOf(refused.reason()), refused.detail(),
                    new JsonObject().put("reason", refused.reason().code()));
        } else if (outcome instanceof Outcome.Unknown unknown) {
            ApiReply.error(context, 504, unknown.detail(), new JsonObject().put("reason", "unknown"));
        } else {
            ApiReply.error(context, 500, "unexpected outcome " + outcome);
        }
    }

    /**
     * Proxmox answers "no quorum" with 500 (pmxcfs refuses the write); a bad request is 400, a lock
     * conflict 409, a too large file 413, a cluster that cannot decide now 503.
     */
    static int statusOf(Refusal reason) {
        return switch (reason) {
            case NO_QUORUM -> 500;
            case INVALID_PATH, INVALID_CONTENT, NO_SUCH_FILE -> reason == Refusal.NO_SUCH_FILE ? 404 : 400;
            case TOO_LARGE, QUOTA -> 413;
            case STALE_EPOCH, NOT_HOLDER, LOCK_HELD, BUSY, DUPLICATE -> 409;
            case NO_LEADER, NO_MAJORITY, NOT_LEADER -> 503;
        };
    }
}
