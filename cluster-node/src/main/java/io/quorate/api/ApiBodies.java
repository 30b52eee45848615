package io.quorate.api;

import io.quorate.api.ApiServer.ApiReply;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request bodies the way every route does: errors reply 400 naming the problem (and the field). */
final class ApiBodies {
    /** Doubles hold whole numbers exactly up to 2^53. */
    private static final double EXACT_DOUBLE = 9_007_199_254_740_992.0;

    private ApiBodies() {
    }

    /** The body as a JSON object, or null after replying 400. An empty body is an empty object. */
    static JsonObject jsonBody(RoutingContext context) {
        String text = context.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return object;
            }
            ApiReply.error(context, 400, "request body must be a JSON object");
        } catch (DecodeException e) {
            ApiReply.error(context, 400, "request body is not valid JSON: " + e.getMessage());
        }
        return null;
    }

    /** Reads an integer field; replies 400 naming the field when it is missing (if required) or not an integer. */
    static Integer integerField(RoutingContext context, JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) {
                ApiReply.error(context, 400, "parameter verification failed", new JsonObject().put(field, "property is missing"));
            }
            return null;
        }
        Long whole = wholeNumber(value);
        if (whole != null && Math.abs(whole) <= Integer.MAX_VALUE) {
            return whole.intValue();
        }
        ApiReply.error(context, 400, "parameter verification failed", new JsonObject().put(field, typeCheckFailed(value)));
        return null;
    }

    /** {@code value} as a whole number (a JSON integer, or a string of digits as Proxmox's API takes), else null. */
    static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) <= EXACT_DOUBLE) {
            return (long) number.doubleValue();
        }
        if (value instanceof String s && s.matches("-?\\d{1,18}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    /** Proxmox's words for a value of the wrong type. */
    static String typeCheckFailed(Object value) {
        return "type check ('integer') failed - got '" + value + "'";
    }
}
