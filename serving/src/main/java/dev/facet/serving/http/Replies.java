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

    public static Buffer json(Object body) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    public static void send(RoutingContext ctx, int status, Buffer json) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
