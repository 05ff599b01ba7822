package dev.facet.serving.http;

import dev.facet.contracts.json.JsonText;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.prediction.Prediction;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Response bodies of the native endpoints (written by {@link JsonReplies}). Field names are snake_case on the
 * wire.
 */
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
                               Map<String, Double> contributions, String modelName, String modelVersion) {
    }

    /**
     * The reply of {@code /predict}, written by hand: Jackson's object mapper was a visible share of serving's CPU
     * under load (BENCHMARKS.md). The bytes are Jackson's (tested against it); strings that would need escaping
     * and non-finite prices go to it. The price's text is the event's ({@link Prediction#priceText}).
     */
    public static Buffer predict(Prediction p, String modelName, String modelVersion) {
        if (!plain(p.predictionId()) || !plain(modelName) || !plain(modelVersion) || !Double.isFinite(p.price())) {
            return JsonReplies.encode(predictReply(p, modelName, modelVersion));
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
            return JsonReplies.encode(batchReply(modelName, modelVersion, predictions));
        }
        StringBuilder s = new StringBuilder(64 + 64 * predictions.size());
        s.append("{\"model_name\":\"").append(modelName).append("\",\"model_version\":\"").append(modelVersion)
                .append("\",\"predictions\":[");
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            if (!plain(p.predictionId()) || !Double.isFinite(p.price())) {
                return JsonReplies.encode(batchReply(modelName, modelVersion, predictions));
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
}
