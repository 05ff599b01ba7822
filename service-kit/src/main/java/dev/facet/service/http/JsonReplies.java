package dev.facet.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.contracts.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The one way a service writes a JSON reply (errors excepted: {@link HttpErrors} writes those). A server that
 * compresses its responses ({@code HttpServerOptions#setCompressionSupported}) says so once, with
 * {@link #compressingFrom}; every other server uses {@link #PLAIN}, and its replies go out exactly as written.
 */
public final class JsonReplies {

    /** For a server without compression: status, {@code Content-Type: application/json}, the bytes. */
    public static final JsonReplies PLAIN = new JsonReplies(0);

    /** Replies smaller than this skip the server's compressor (0: the server has none). */
    private final int compressMinBytes;

    private JsonReplies(int compressMinBytes) {
        this.compressMinBytes = compressMinBytes;
    }

    /**
     * For a server that compresses: replies under {@code minBytes} go out uncompressed whatever the client accepts.
     * A reply of a hundred bytes would shrink by a few for the price of a deflater set up per response (Netty's
     * own size threshold only sees responses written in one piece, which Vert.x's are not).
     */
    public static JsonReplies compressingFrom(int minBytes) {
        if (minBytes < 1) {
            throw new IllegalArgumentException("minBytes must be positive, got " + minBytes);
        }
        return new JsonReplies(minBytes);
    }

    /** {@code body} as Jackson writes it (snake_case field names). */
    public static Buffer encode(Object body) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /** {@link #send(RoutingContext, int, Buffer)} of {@code body} encoded by {@link #encode}. */
    public void send(RoutingContext ctx, int status, Object body) {
        send(ctx, status, encode(body));
    }

    /**
     * Writes a JSON reply, unless the response was already ended (the request timed out while a worker computed
     * this reply: the client has its answer and this result is dropped) or the client has gone.
     */
    public void send(RoutingContext ctx, int status, Buffer json) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (json.length() < compressMinBytes && !ctx.response().headers().contains(HttpHeaders.CONTENT_ENCODING)) {
            // the compressor skips a response that names its encoding (and drops "identity" from the wire)
            ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
        ctx.response().end(json);
    }

    /** Writes a {@link Body}; a gzipped one says so, and the server's compressor leaves it alone. */
    public void send(RoutingContext ctx, int status, Body body) {
        if (body.gzipped() && !ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        send(ctx, status, body.bytes());
    }

    /**
     * A reply body made off the event loop (a large one, on a worker): gzipped right there when the client accepts
     * gzip and the body is large enough for this server's compressor, rather than deflated by the compressor on
     * the event loop, where no other request moves meanwhile (cost: BENCHMARKS.md).
     */
    public Body body(Buffer json, boolean gzipAccepted) {
        return gzipAccepted && compressMinBytes > 0 && json.length() >= compressMinBytes
                ? new Body(gzip(json), true) : new Body(json, false);
    }

    /** A reply's bytes and whether they are gzipped. */
    public record Body(Buffer bytes, boolean gzipped) {
    }

    /** Whether the request's {@code Accept-Encoding} takes gzip ({@code gzip}, {@code x-gzip} or {@code *}, q above 0). */
    public static boolean acceptsGzip(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (header == null) {
            return false;
        }
        for (String coding : header.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) {
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Buffer gzip(Buffer json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length() / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(json.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return Buffer.buffer(out.toByteArray());
    }
}
