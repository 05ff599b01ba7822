package dev.facet.serving.v2;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.FieldError;
import dev.facet.contracts.schema.Task;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.HttpErrors.Answer;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelRepository;
import dev.facet.serving.prediction.ModelAnswer;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import dev.facet.serving.prediction.Rows;
import dev.facet.serving.prediction.SchemaRows;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
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
    /** A classifier's outputs: the label of each row, and the probability of every label. */
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";

    private final PredictionService predictions;
    private final JsonReplies replies;
    private final int maxRows;
    private final ModelRepository repository;

    /** Serving the default model only (the error rendering's tests use it without a model). */
    public V2Endpoints(PredictionService predictions, JsonReplies replies, int maxRows) {
        this(predictions, replies, maxRows, null);
    }

    /** Serving every model of {@code repository} (null: the default model only). */
    public V2Endpoints(PredictionService predictions, JsonReplies replies, int maxRows, ModelRepository repository) {
        this.predictions = predictions;
        this.replies = replies;
        this.maxRows = maxRows;
        this.repository = repository;
    }

    /**
     * {@code POST /v2/repository/index}, the model-repository extension: every model with its version and state
     * ({@code READY}, or {@code LOADING} while a model added to the repository loads); {@code {"ready": true}} lists
     * the ready ones only.
     */
    public void repositoryIndex(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        boolean readyOnly = false;
        if (raw != null && raw.length() > 0) {
            Object parsed = JsonBodies.parse(ctx);
            if (!(parsed instanceof JsonObject o)) {
                throw Rows.invalid(List.of(new FieldError("body", "must be a JSON object such as {\"ready\": true}")));
            }
            Object ready = o.getValue("ready");
            if (ready != null && !(ready instanceof Boolean)) {
                throw Rows.invalid(List.of(new FieldError("ready", "must be true or false")));
            }
            readyOnly = Boolean.TRUE.equals(ready);
        }
        List<Map<String, Object>> index = new ArrayList<>();
        for (ModelRepository.Slot slot : repository.slots()) {
            LoadedModel m = slot.current();
            if (readyOnly && m == null) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", slot.name());
            if (m != null) {
                entry.put("version", m.version());
            }
            entry.put("state", m == null ? "LOADING" : "READY");
            entry.put("reason", "");
            index.add(entry);
        }
        send(ctx, 200, index);
    }

    public void server(RoutingContext ctx) {
        send(ctx, 200, Map.of("name", SERVER_NAME, "version", SERVER_VERSION,
                "extensions", repository == null ? List.of() : List.of("model_repository")));
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
        if (repository != null) {
            ModelRepository.Slot slot = slot(ctx);
            if (slot.current() == null) {
                ctx.response().putHeader("Retry-After", "1");
                send(ctx, 503, Map.of("name", slot.name(), "ready", false));
                return;
            }
        }
        LoadedModel m = served(ctx);
        send(ctx, 200, Map.of("name", m.name(), "ready", true));
    }

    /**
     * Model metadata: the schema's features as named tensors of shape [-1]; a regression's target as FP64, a
     * classifier's {@code label} (BYTES) and {@code probabilities} (FP64, [-1, K], in the schema's label order).
     */
    public void metadata(RoutingContext ctx) {
        LoadedModel m = served(ctx);
        List<Map<String, Object>> inputs = m.schema().features().stream().map(V2Endpoints::tensor).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", m.name());
        body.put("versions", List.of(m.version()));
        body.put("platform", "facet-compiled-forest");
        body.put("inputs", inputs);
        if (m.schema().task() instanceof Task.Classification c) {
            Map<String, Object> probabilities = new LinkedHashMap<>();
            probabilities.put("name", PROBABILITIES);
            probabilities.put("datatype", "FP64");
            probabilities.put("shape", List.of(-1, c.labels().size()));
            probabilities.put("parameters", Map.of("labels", c.labels()));
            body.put("outputs", List.of(Map.of("name", LABEL, "datatype", "BYTES", "shape", List.of(-1)), probabilities));
        } else {
            body.put("outputs", List.of(Map.of("name", m.schema().task().target(), "datatype", "FP64",
                    "shape", List.of(-1))));
        }
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
        if (!m.diamonds()) {
            return inferGeneric(ctx, m);
        }
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

    /** A model that is data: its schema's tensors in, its task's outputs out ({@link #metadata}). */
    private Buffer inferGeneric(RoutingContext ctx, LoadedModel m) {
        List<String> outputs = m.classifier() ? List.of(LABEL, PROBABILITIES) : List.of(m.schema().task().target());
        V2Request.Columns req = V2Request.columns(JsonBodies.parse(ctx), maxRows, m.schema(), outputs);
        List<ModelAnswer> out = predictions.answerAll(m, SchemaRows.validateAll(req.rows(), m.schema()), Endpoint.V2_INFER);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", m.name());
        body.put("model_version", m.version());
        if (req.id() != null) {
            body.put("id", req.id());
        }
        body.put("parameters", Map.of("prediction_ids", out.stream().map(ModelAnswer::predictionId).toList()));
        int n = out.size();
        if (m.schema().task() instanceof Task.Classification c) {
            int k = c.labels().size();
            double[] p = new double[n * k];
            List<String> labels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                labels.add(c.labels().get(out.get(i).label()));
                System.arraycopy(out.get(i).probabilities(), 0, p, i * k, k);
            }
            body.put("outputs", List.of(
                    Map.of("name", LABEL, "datatype", "BYTES", "shape", List.of(n), "data", labels),
                    Map.of("name", PROBABILITIES, "datatype", "FP64", "shape", List.of(n, k), "data", p)));
        } else {
            body.put("outputs", List.of(Map.of("name", m.schema().task().target(), "datatype", "FP64",
                    "shape", List.of(n), "data", out.stream().mapToDouble(ModelAnswer::value).toArray())));
        }
        return JsonReplies.encode(body);
    }

    /** The repository's model the path names, or a 404 naming the models served. */
    private ModelRepository.Slot slot(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        return repository.slot(name).orElseThrow(() -> new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "model '"
                + truncate(name) + "' is not served here; models served: " + repository.names()));
    }

    /**
     * The model named by the path, or a 404 when the name (or version) is not served, or a 503 with Retry-After
     * while it loads.
     */
    private LoadedModel served(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        LoadedModel m;
        if (repository != null) {
            ModelRepository.Slot slot = slot(ctx);
            m = slot.current();
            if (m == null) {
                ctx.response().putHeader("Retry-After", "1");
                throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "model '" + slot.name()
                        + "' is loading; try again shortly");
            }
        } else {
            m = predictions.model();
        }
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
