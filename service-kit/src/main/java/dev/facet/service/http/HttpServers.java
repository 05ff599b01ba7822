package dev.facet.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.json.Json;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What every service's HTTP server shares below the router: how long a connection may stay silent, which
 * protocol it speaks, and how a request that Netty's HTTP decoder could not read is answered.
 *
 * <ul>
 *   <li><b>Idle timeout.</b> A connection from which nothing is read for {@code idleTimeout} is closed,
 *   without an answer (there is no request to answer). This is what ends a connection that never completes a
 *   request head (it sends nothing, or a few bytes and stops) and a keep-alive connection left unused. Any byte
 *   read resets it, so a slow upload or a client that reuses its connection is unaffected; a request being
 *   worked on reads nothing, so the timeout must be longer than the service's request timeout, which answers
 *   first. Reads only, not Netty's read-or-write idle: that one puts a promise and a listener on every write of
 *   every response, a measurable cost a request (BENCHMARKS.md), for connections our answers never keep busy.</li>
 *   <li><b>HTTP/1.1 only.</b> No cleartext HTTP/2 (h2c, on by default in Vert.x): the REST clients of these
 *   services (KServe's, MLServer's, Prometheus) speak HTTP/1.1, and h2c would add a second protocol stack to
 *   defend for no client. An h2c upgrade header is ignored (the answer is HTTP/1.1); the prior-knowledge preface
 *   ({@code PRI * HTTP/2.0}) gets Vert.x's answer to any version other than 1.0 and 1.1: a 501 with an empty
 *   body, then the connection closes.</li>
 *   <li><b>Unreadable requests</b> ({@link #invalidRequests()}): the one JSON error shape, then a close.</li>
 * </ul>
 */
public final class HttpServers {

    private HttpServers() {
    }

    /** Options with the idle timeout and HTTP/1.1 only; a service adds its own (compression, ...) on top. */
    public static HttpServerOptions options(Duration idleTimeout) {
        return new HttpServerOptions()
                .setReadIdleTimeout(Math.toIntExact(idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    /**
     * The rule every service's config applies to its idle timeout: a client waiting for its answer sends nothing,
     * so a read-idle timeout not longer than the request timeout would close the connection before the request
     * timeout's answer is written.
     *
     * @throws IllegalArgumentException naming both settings
     */
    public static void requireIdleLongerThanRequest(Duration idleTimeout, Duration requestTimeout) {
        if (idleTimeout.compareTo(requestTimeout) <= 0) {
            throw new IllegalArgumentException("setting 'http.idle.timeout.ms' (" + idleTimeout.toMillis()
                    + ") must be longer than 'limits.request.timeout.ms' (" + requestTimeout.toMillis() + ")");
        }
    }

    /**
     * For {@code HttpServer#invalidRequestHandler}: a request whose head Netty's decoder refused (a malformed
     * request line or header, a Content-Length that is not a number or appears twice with different values, a
     * request line or header block over the limits, or the bytes after a body that was shorter than its
     * Content-Length) gets the status Vert.x would send (414 for a long request line, 431 for long headers,
     * else 400) with the one JSON error shape instead of an empty body, and the connection closes: after a
     * framing error nothing later on it can be trusted to start where a request starts. Runs on the event loop
     * and only writes a small constant-size body.
     *
     * <p>Not everything reaches it: a malformed chunk of a body whose head was read (a bad chunk size) fails
     * the connection inside Vert.x, which closes it without an answer.
     */
    public static Handler<HttpServerRequest> invalidRequests() {
        return request -> {
            Throwable cause = request.decoderResult().cause();
            int status;
            String message;
            if (cause instanceof TooLongHttpLineException) {
                status = 414;
                message = "the request line is longer than the server accepts";
            } else if (cause instanceof TooLongHttpHeaderException) {
                status = 431;
                message = "the request headers are larger than the server accepts";
            } else {
                status = 400;
                message = "the request is not valid HTTP/1.1" + (cause == null || cause.getMessage() == null
                        ? "" : ": " + firstLine(cause.getMessage()));
            }
            byte[] json;
            try {
                json = Json.MAPPER.writeValueAsBytes(new ErrorBody("bad_request", message, null));
            } catch (JsonProcessingException e) {
                json = "{\"error\":\"bad_request\",\"message\":\"the request is not valid HTTP/1.1\"}".getBytes();
            }
            request.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Buffer.buffer(json))
                    .onComplete(x -> request.connection().close());
        };
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
