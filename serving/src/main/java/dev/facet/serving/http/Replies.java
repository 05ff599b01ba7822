package dev.facet.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.common.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

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

    public static Buffer json(Object body) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes a JSON reply, unless the response was already ended (the request timed out while a worker computed
     * this reply: the client has its 503 and this result is dropped).
     */
    public static void send(RoutingContext ctx, int status, Buffer json) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
