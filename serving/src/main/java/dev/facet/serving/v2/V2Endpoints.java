package dev.facet.serving.v2;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.HttpErrors.Answer;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Handlers of the OIP V2 routes (declared, with where inference runs and how it is counted, in
 * {@code ServingVerticle#router}). Errors are classified as on every route ({@code HttpErrors}); this class only
 * renders them in the protocol's shape, {@code {"error": "..."}}, with every offending field in the message
 * ({@link #writeError}). An unknown model name or version is a 404.
 */
public final class V2Endpoints {

    private static final String SERVER_NAME = "facet-serving";
    private static final String SERVER_VERSION = "0.1.0";

    private final PredictionService predictions;
    private final JsonReplies replies;
    private final int maxRows;

    public V2Endpoints(PredictionService predictions, JsonReplies replies, int maxRows) {
        this.predictions = predictions;
        this.replies = replies;
        this.maxRows = maxRows;
    }

    public void server(RoutingContext ctx) {
        send(ctx, 200, Map.of("name", SERVER_NAME, "version", SERVER_VERSION, "extensions", List.of()));
    }

    public void live(RoutingContext ctx) {
        send(ctx, 200, Map.of("live", true));
    }

    /** Ready once a model is loaded, which {@code ServingApp.start} guarantees before listening. */
    public void ready(RoutingContext ctx) {
        boolean ready = predictions.model() != null;
        send(ctx, ready ? 200 : 503, Map.of("ready", ready));
    }

    public void modelReady(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        send(ctx, 200, Map.of("name", m.name(), "ready", true));
    }

    /** Model metadata: the nine features as named tensors of shape [-1], the price as FP64. */
    public void metadata(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        List<Map<String, Object>> inputs = DiamondSchema.FEATURES.stream().map(V2Endpoints::tensor).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", m.name());
        body.put("versions", List.of(m.version()));
        body.put("platform", "facet-compiled-forest");
        body.put("inputs", inputs);
        body.put("outputs", List.of(Map.of("name", DiamondSchema.TARGET, "datatype", "FP64", "shape", List.of(-1))));
        send(ctx, 200, body);
    }

    private static Map<String, Object> tensor(Feature f) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", f.name());
        t.put("datatype", f.isNumeric() ? "FP64" : "BYTES");
        t.put("shape", List.of(-1));
        return t;
    }

    /**
     * {@code POST .../infer}: the model named by the path is checked now (a 404 if it is not served); the returned
     * work parses the columnar rows, predicts them all or none and encodes the reply, wherever the caller runs it.
     */
    public Callable<Buffer> inference(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        return () -> inferReply(ctx, m);
    }

    private Buffer inferReply(RoutingContext ctx, LoadedModel m) {
        V2Request req = V2Request.parse(JsonBodies.parse(ctx), maxRows);
        List<Prediction> out = predictions.predictAll(m, req.rows(), Endpoint.V2_INFER);
        double[] prices = out.stream().mapToDouble(Prediction::price).toArray();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", m.name());
        body.put("model_version", m.version());
        if (req.id() != null) {
            body.put("id", req.id());
        }
        body.put("parameters", Map.of("prediction_ids", out.stream().map(Prediction::predictionId).toList()));
        body.put("outputs", List.of(Map.of("name", DiamondSchema.TARGET, "datatype", "FP64",
                "shape", List.of(prices.length), "data", prices)));
        return JsonReplies.encode(body);
    }

    /** The model named by the path, or a 404 when the name (or version) is not the one served. */
    private LoadedModel served(RoutingContext ctx) {
        LoadedModel m = predictions.model();
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        if (!m.name().equals(name)) {
            throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "model '" + truncate(name)
                    + "' is not served here; this server serves '" + m.name() + "'");
        }
        if (version != null && !m.version().equals(version)) {
            throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "version '" + truncate(version) + "' of model '"
                    + m.name() + "' is not served here; this server serves version '" + m.version() + "'");
        }
        return m;
    }

    /** The protocol's rendering of a classified error: the same status, body {@code {"error": "..."}}. */
    public void writeError(RoutingContext ctx, Answer answer) {
        send(ctx, answer.status(), Map.of("error", message(answer.body())));
    }

    /** The protocol has one string: the message, then each field's problem. */
    static String message(ErrorBody e) {
        if (e.details().isEmpty()) {
            return e.message();
        }
        return "invalid input: " + e.details().stream().limit(20).map(f -> f.field() + " " + f.problem())
                .collect(Collectors.joining("; ")) + (e.details().size() > 20 ? "; ..." : "");
    }

    private void send(RoutingContext ctx, int status, Object body) {
        replies.send(ctx, status, body);
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
