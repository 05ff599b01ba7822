package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Locale;

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
     * For the routes that take JSON, before their body handler: refuses, with 415 and before the body is read, a
     * request that carries a body (a {@code Content-Length} above 0, or a {@code Transfer-Encoding}) without
     * declaring it JSON. Without it vertx-web's body handler decodes form and multipart bodies itself, and fails on
     * hostile ones (over-long fields, bad percent-escapes) with exceptions that end as 500s. A request without a
     * body need not declare a type (an admin call that takes an optional body). A {@link PlatformHandler}, so
     * vertx-web lets it run before the body handler.
     */
    public static PlatformHandler requireJsonContentType() {
        return ctx -> {
            ClientErrorException refused = contentTypeRefusal(ctx.request());
            if (refused != null) {
                ctx.fail(refused);
                return;
            }
            ctx.next();
        };
    }

    /** The one Content-Type rule, before the body is read and again in {@link #body}: null when the request passes. */
    private static ClientErrorException contentTypeRefusal(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null ? type.toLowerCase(Locale.ROOT).startsWith("application/json") : !hasBody(request)) {
            return null;
        }
        return new ClientErrorException(ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json, got " + (type == null ? "none" : truncate(type)));
    }

    /** Whether the request's head announces a body (HTTP/1.1: a positive Content-Length or a Transfer-Encoding). */
    private static boolean hasBody(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0");
    }

    /** The parsed body: a {@code JsonObject}, {@code JsonArray}, or a JSON scalar. */
    public static Object parse(RoutingContext ctx) {
        return decode(body(ctx));
    }

    /**
     * The raw body of a JSON request: a 415 unless the content type passes {@link #requireJsonContentType}'s rule
     * (for routes without that handler), a 400 when it is empty.
     */
    public static Buffer body(RoutingContext ctx) {
        ClientErrorException refused = contentTypeRefusal(ctx.request());
        if (refused != null) {
            throw refused;
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
        if (v instanceof JsonObject) {
            return "an object";
        }
        if (v instanceof JsonArray) {
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
