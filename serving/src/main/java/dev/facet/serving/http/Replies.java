package dev.facet.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.json.JsonText;
import dev.facet.serving.prediction.Prediction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Response bodies of the native endpoints, and writing JSON. Field names are snake_case on the wire. */
public final class Replies {

    private Replies() {
    }

    /** {@code POST /predict}. */
    public record PredictReply(String predictionId, double price, String modelName, String modelVersion) {
    }

    /** {@code POST /predict/batch}: one entry per row, in request order. */
    public record BatchReply(String modelName, String modelVersion, List<Row> predictions) {
        public record Row(String predictionId, double price) {
        }
    }

    /**
     * {@code POST /explain}: the prediction and its SHAP values. {@code contributions} holds the nine features in
     * schema order and sums to {@code price - expectedValue} within 1e-6 USD.
     */
    public record ExplainReply(String predictionId, double price, double expectedValue,
                               java.util.Map<String, Double> contributions, String modelName, String modelVersion) {
    }

    /**
     * The reply of {@code /predict}, written by hand: Jackson's object mapper was about 3% of serving's CPU at
     * 20,000 requests a second. The bytes are Jackson's (tested against it); strings that would need escaping
     * and non-finite prices go to it. The price's text is the event's ({@link Prediction#priceText}).
     */
    public static Buffer predict(Prediction p, String modelName, String modelVersion) {
        if (!plain(p.predictionId()) || !plain(modelName) || !plain(modelVersion) || !Double.isFinite(p.price())) {
            return json(predictReply(p, modelName, modelVersion));
        }
        String s = "{\"prediction_id\":\"" + p.predictionId() + "\",\"price\":" + priceText(p) + ",\"model_name\":\""
                + modelName + "\",\"model_version\":\"" + modelVersion + "\"}";
        return Buffer.buffer(s.getBytes(StandardCharsets.ISO_8859_1)); // ASCII: a byte per char
    }

    /** The /predict reply as a record, for Jackson (the fallback, and the test's oracle). */
    public static PredictReply predictReply(Prediction p, String modelName, String modelVersion) {
        return new PredictReply(p.predictionId(), p.price(), modelName, modelVersion);
    }

    /** {@code Double.toString(price)}, as Jackson writes a double: the text rendered for the event, if there is one. */
    private static String priceText(Prediction p) {
        return p.priceText() != null ? p.priceText() : Double.toString(p.price());
    }

    /**
     * The reply of {@code /predict/batch}, written by hand as {@link #predict} and for the same reason, with each
     * price's text as the event had it ({@link Prediction#priceText}) rather than converted a second time.
     */
    public static Buffer batch(String modelName, String modelVersion, List<Prediction> predictions) {
        if (!plain(modelName) || !plain(modelVersion)) {
            return json(batchReply(modelName, modelVersion, predictions));
        }
        StringBuilder s = new StringBuilder(64 + 64 * predictions.size());
        s.append("{\"model_name\":\"").append(modelName).append("\",\"model_version\":\"").append(modelVersion)
                .append("\",\"predictions\":[");
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            if (!plain(p.predictionId()) || !Double.isFinite(p.price())) {
                return json(batchReply(modelName, modelVersion, predictions));
            }
            s.append(i == 0 ? "{\"prediction_id\":\"" : ",{\"prediction_id\":\"").append(p.predictionId())
                    .append("\",\"price\":").append(priceText(p)).append('}');
        }
        s.append("]}");
        return Buffer.buffer(s.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The batch reply as a record, for Jackson (the fallback, and the test's oracle). */
    public static BatchReply batchReply(String modelName, String modelVersion, List<Prediction> predictions) {
        return new BatchReply(modelName, modelVersion, predictions.stream()
                .map(p -> new BatchReply.Row(p.predictionId(), p.price())).toList());
    }

    private static boolean plain(String s) {
        return s != null && JsonText.plain(s);
    }

    /**
     * A reply body made off the event loop (a batch or V2 inference): gzipped right there, on the worker, when the
     * client accepts gzip and it is large enough. Left to the server's compressor, a 1,000-row reply (about 70 KB)
     * would be deflated on the event loop, about a millisecond during which no other request moves.
     */
    public record Body(Buffer bytes, boolean gzipped) {

        public static Body of(Buffer json, boolean gzipAccepted) {
            return gzipAccepted && json.length() >= GZIP_MIN_BYTES ? new Body(gzip(json), true) : new Body(json, false);
        }
    }

    /** Whether the request's {@code Accept-Encoding} takes gzip ({@code gzip}, {@code x-gzip} or {@code *}, q above 0). */
    public static boolean acceptsGzip(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (header == null) {
            return false;
        }
        for (String coding : header.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
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
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length() / 3 + 64);
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 8192)) {
            gz.write(json.getBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: does not happen
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** Writes a {@link Body}; a gzipped one says so, and the server's compressor leaves it alone. */
    public static void send(RoutingContext ctx, int status, Body body) {
        if (body.gzipped() && !ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        send(ctx, status, body.bytes());
    }

    public static Buffer json(Object body) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /**
     * Replies smaller than this are never gzipped, whatever the client accepts: a /predict reply (about 130 bytes)
     * would shrink by a few bytes for the price of a deflater set up per response. (Netty's own size threshold
     * only sees responses written in one piece, which Vert.x's are not.)
     */
    static final int GZIP_MIN_BYTES = 1024;

    /**
     * Writes a JSON reply, unless the response was already ended (the request timed out while a worker computed
     * this reply: the client has its 503 and this result is dropped).
     */
    public static void send(RoutingContext ctx, int status, Buffer json) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (json.length() < GZIP_MIN_BYTES && !ctx.response().headers().contains(HttpHeaders.CONTENT_ENCODING)) {
            // the compressor skips a response that names its encoding (and drops "identity" from the wire)
            ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
        ctx.response().end(json);
    }
}
