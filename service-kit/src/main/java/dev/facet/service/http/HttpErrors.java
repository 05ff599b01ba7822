package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one place that writes error responses. Every route's failures end here and leave as the one JSON
 * shape ({@link ErrorBody}); client mistakes keep their 4xx, anything unexpected becomes a 500 whose body
 * carries an incident id and never a stack trace (the trace goes to the log under the same id).
 */
public final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    public static void send(RoutingContext ctx, int status, ErrorBody body) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json = "{\"error\":\"internal\",\"message\":\"cannot encode error\"}".getBytes();
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(json));
    }

    public static void send(RoutingContext ctx, ErrorBody.Kind kind, String message) {
        send(ctx, kind.status(), ErrorBody.of(kind, message));
    }

    /** For {@code router.route().last()}: an unknown path is a JSON 404. */
    public static void notFound(RoutingContext ctx) {
        send(ctx, ErrorBody.Kind.NOT_FOUND, "no route for " + ctx.request().method() + " " + safePath(ctx));
    }

    /**
     * The router's failure handler. {@code onError} sees every failure with its final status, so a service can
     * count them by kind (e.g. a metric of 4xx by error code, 5xx by cause).
     */
    public static Handler<RoutingContext> failureHandler(long bodyLimitBytes, Consumer<ErrorBody> onError) {
        return ctx -> {
            Throwable failure = ctx.failure();
            int status = ctx.statusCode();
            if (ctx.response().closed()) {
                // the client hung up (e.g. mid-upload): nobody to answer, and not an incident a client may spam
                LOG.debug("client closed the connection on {} {}: {}", ctx.request().method(), safePath(ctx),
                        String.valueOf(failure));
                return;
            }
            ErrorBody body;
            if (failure instanceof ClientErrorException c) {
                status = c.status();
                body = c.body();
            } else if (failure instanceof HttpException h) {
                status = h.getStatusCode();
                body = forStatus(status, bodyLimitBytes, ctx, h.getPayload());
            } else if (failure instanceof DecodeException d) {
                status = 400;
                body = ErrorBody.of(ErrorBody.Kind.MALFORMED_JSON, "request body is not valid JSON: " + firstLine(d.getMessage()));
            } else if (status >= 400 && status < 500) {
                // a refusal with its status: vertx-web's own, before any handler runs (an HTTP/1.1 request without
                // Host, RFC 9112 section 3.2; a path not starting with '/'), or ctx.fail(4xx). A client error,
                // not an incident; vertx-web's message says which (it never carries a stack trace)
                body = forStatus(status, bodyLimitBytes, ctx, failure == null ? null : firstLine(failure.getMessage()));
            } else {
                String incident = UUID.randomUUID().toString();
                LOG.error("incident {} on {} {}", incident, ctx.request().method(), safePath(ctx), failure);
                status = 500;
                body = ErrorBody.of(ErrorBody.Kind.INTERNAL, "internal error; incident " + incident + " is in the server log");
            }
            onError.accept(body);
            send(ctx, status, body);
        };
    }

    private static ErrorBody forStatus(int status, long limit, RoutingContext ctx, String payload) {
        return switch (status) {
            case 413 -> ErrorBody.of(ErrorBody.Kind.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + limit + " bytes");
            case 404 -> ErrorBody.of(ErrorBody.Kind.NOT_FOUND, "no route for " + ctx.request().method() + " " + safePath(ctx));
            case 405 -> ErrorBody.of(ErrorBody.Kind.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on " + safePath(ctx));
            case 415 -> ErrorBody.of(ErrorBody.Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            case 401 -> ErrorBody.of(ErrorBody.Kind.UNAUTHORIZED, "a valid bearer token is required");
            default -> new ErrorBody(status >= 500 ? "internal" : "bad_request",
                    payload != null && payload.length() < 200 ? payload : "request refused (HTTP " + status + ")", null);
        };
    }

    /** The request path, truncated: it is client-controlled and ends up in logs and bodies. */
    static String safePath(RoutingContext ctx) {
        String p = ctx.request().path();
        if (p == null) {
            return "";
        }
        return p.length() > 100 ? p.substring(0, 100) + "..." : p;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
