package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Reads a request's JSON body for a handler: refuses a non-JSON content type (415), an empty body and
 * malformed JSON (400), with a message saying which. Jackson's default stream constraints bound nesting depth
 * and number length, so hostile bodies fail here as 400s rather than deeper as 500s.
 *
 * <p>Parsing a body of at most the route's limit (tens of kB) takes microseconds: safe on an event loop.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * For the routes that take JSON, before their body handler: refuses any other Content-Type with 415 before
     * the body is read. Without it vertx-web's body handler decodes form and multipart bodies itself, and fails
     * on hostile ones (over-long fields, bad percent-escapes) with exceptions that end as 500s. A
     * {@link PlatformHandler}, so vertx-web lets it run before the body handler.
     */
    public static PlatformHandler requireJsonContentType() {
        return ctx -> {
            if (!isJson(ctx.request().getHeader("Content-Type"))) {
                ctx.fail(unsupported(ctx.request().getHeader("Content-Type")));
                return;
            }
            ctx.next();
        };
    }

    private static boolean isJson(String type) {
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private static ClientErrorException unsupported(String type) {
        return new ClientErrorException(ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json, got " + (type == null ? "none" : truncate(type)));
    }

    /** The parsed body: a {@code JsonObject}, {@code JsonArray}, or a JSON scalar. */
    public static Object parse(RoutingContext ctx) {
        return decode(body(ctx));
    }

    /** The raw body of a JSON request: a 415 unless the content type is JSON, a 400 when it is empty. */
    public static Buffer body(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (!isJson(type)) {
            throw unsupported(type);
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new ClientErrorException(ErrorBody.Kind.MALFORMED_JSON, "request body is empty; expected JSON");
        }
        return body;
    }

    /** {@code body} parsed by Vert.x: a {@code JsonObject}, {@code JsonArray}, or a JSON scalar; a 400 if malformed. */
    public static Object decode(Buffer body) {
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ClientErrorException(ErrorBody.Kind.MALFORMED_JSON,
                    "request body is not valid JSON: " + truncate(e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The JSON kind of a parsed value ("an object", "a string", ...), for error messages. */
    public static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof io.vertx.core.json.JsonObject) {
            return "an object";
        }
        if (v instanceof io.vertx.core.json.JsonArray) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return v instanceof Number ? "a number" : v.getClass().getSimpleName();
    }
}
