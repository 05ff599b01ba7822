package dev.facet.serving.http;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.CategoricalSummary;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.forest.ClassExplanation;
import dev.facet.forest.Explanation;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.JsonBodies;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.inference.ModelRepository;
import dev.facet.serving.metrics.ServingMetrics;
import dev.facet.serving.prediction.ModelAnswer;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.ModelEvents;
import dev.facet.serving.prediction.Prediction;
import dev.facet.serving.prediction.PredictionService;
import dev.facet.serving.prediction.Rows;
import dev.facet.serving.prediction.SchemaRows;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The per-model routes, {@code /models} and {@code /models/{name}/...} (declared in {@code ServingVerticle#router}).
 * A model with the diamonds' schema answers exactly as the original routes do (their typed reader, replies and
 * version 1 events); any other model is data: its rows are read by its schema ({@link SchemaRows}), a regression
 * answers its target by name, a classifier its label and the probability of every label.
 *
 * <p>Where work runs is as on the original routes: a row on the event loop, a large batch on a worker
 * ({@link Offload}), an explanation on the explanation pool.
 */
public final class ModelEndpoints {

    /** What a client should wait before asking again for a model whose first load is running. */
    static final String LOADING_RETRY_AFTER_SECONDS = "1";

    private final ModelRepository repository;
    private final PredictionService predictions;
    private final ServingMetrics metrics;
    private final int batchMaxRows;

    public ModelEndpoints(ModelRepository repository, PredictionService predictions, ServingMetrics metrics,
                          int batchMaxRows) {
        this.repository = repository;
        this.predictions = predictions;
        this.metrics = metrics;
        this.batchMaxRows = batchMaxRows;
    }

    /** {@code GET /models}: every model served or loading, by name. */
    public void list(RoutingContext ctx) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelRepository.Slot s : repository.slots()) {
            models.add(summary(s));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("default", repository.defaultName());
        body.put("models", models);
        ServingVerticle.REPLIES.send(ctx, 200, body);
    }

    /** {@code GET /models/{name}}: the summary, the schema, an example row and the model card. */
    public void describe(RoutingContext ctx) {
        ModelRepository.Slot slot = slot(ctx);
        LoadedModel m = served(ctx, slot);
        Map<String, Object> body = summary(slot);
        body.put("version", m.version());
        body.put("schema", new JsonObject(m.schema().toJson().toString()).getMap());
        body.put("example", example(m));
        body.put("card", m.card());
        ServingVerticle.REPLIES.send(ctx, 200, body);
    }

    /**
     * A typical row to start from (the home page's form): each numeric feature's training median, each categorical
     * one's most frequent training category; a feature without training figures is left out.
     */
    static Map<String, Object> example(LoadedModel m) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Feature f : m.schema().features()) {
            if (f.isNumeric()) {
                NumericSummary s = m.stats().numeric().get(f.name());
                if (s != null && Double.isFinite(s.quantile(0.5))) {
                    row.put(f.name(), s.quantile(0.5));
                }
            } else {
                CategoricalSummary s = m.stats().categorical().get(f.name());
                if (s != null) {
                    s.counts().entrySet().stream().filter(e -> f.categories().contains(e.getKey()))
                            .max(Map.Entry.comparingByValue()).ifPresent(e -> row.put(f.name(), e.getKey()));
                }
            }
        }
        return row;
    }

    private Map<String, Object> summary(ModelRepository.Slot s) {
        LoadedModel m = s.current();
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", s.name());
        one.put("versions", s.versions());
        one.put("task", m == null ? null : task(m.schema()));
        one.put("ready", m != null);
        one.put("default", s.name().equals(repository.defaultName()));
        return one;
    }

    static String task(ModelSchema schema) {
        return schema.isClassification() ? "classification" : "regression";
    }

    /** {@code POST /models/{name}/predict}: one row, on the event loop. */
    public void predict(RoutingContext ctx) {
        predict(ctx, served(ctx, slot(ctx)));
    }

    /** One row for model {@code m} (also the original route's, when the default model is not the diamonds'). */
    void predict(RoutingContext ctx, LoadedModel m) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        Buffer body;
        if (m.diamonds()) {
            Prediction p = predictions.predict(m, Rows.one(JsonBodies.body(ctx)), Endpoint.PREDICT);
            body = Replies.predict(p, m.name(), m.version());
        } else {
            double[] x = SchemaRows.one(JsonBodies.body(ctx), m.schema());
            ModelAnswer a = predictions.answerAll(m, List.of(x), Endpoint.PREDICT).get(0);
            body = JsonReplies.encode(answer(m, a, true));
        }
        ServingVerticle.REPLIES.send(ctx, 200, body);
        metrics.request(m, Endpoint.PREDICT, 200, start);
    }

    /** {@code POST /models/{name}/predict/batch}: all rows or none; large bodies on a worker. */
    public void batch(RoutingContext ctx) {
        batch(ctx, served(ctx, slot(ctx)));
    }

    void batch(RoutingContext ctx, LoadedModel m) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        offloaded(ctx, m, Endpoint.BATCH, start, () -> {
            if (m.diamonds()) {
                List<Diamond> rows = Rows.batch(JsonBodies.body(ctx), batchMaxRows);
                return Replies.batch(m.name(), m.version(), predictions.predictAll(m, rows, Endpoint.BATCH));
            }
            List<double[]> rows = SchemaRows.batch(JsonBodies.body(ctx), batchMaxRows, m.schema());
            List<Map<String, Object>> out = new ArrayList<>(rows.size());
            for (ModelAnswer a : predictions.answerAll(m, rows, Endpoint.BATCH)) {
                out.add(answer(m, a, false));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model_name", m.name());
            body.put("model_version", m.version());
            body.put("predictions", out);
            return JsonReplies.encode(body);
        });
    }

    /**
     * {@code POST /models/{name}/explain}: validated on the event loop, explained on {@code pool}. A regression's
     * contributions sum to its value minus the expected value; a classifier's, per label, to that label's
     * probability minus its expected value.
     */
    public void explain(RoutingContext ctx, WorkerExecutor pool) {
        explain(ctx, pool, served(ctx, slot(ctx)));
    }

    void explain(RoutingContext ctx, WorkerExecutor pool, LoadedModel m) {
        long start = System.nanoTime();
        ctx.put(ErrorAccounting.START, start);
        if (m.explainer() == null) {
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "model " + m.name() + " " + m.version()
                    + " has no explainer: " + m.explainerNote());
        }
        Diamond diamond = m.diamonds() ? Rows.one(JsonBodies.body(ctx)) : null;
        double[] x = m.diamonds() ? null : SchemaRows.one(JsonBodies.body(ctx), m.schema());
        pool.executeBlocking(() -> {
            if (diamond != null) {
                Explanation e = m.explainer().explain(diamond);
                Prediction p = predictions.predict(m, diamond, Endpoint.EXPLAIN);
                return JsonReplies.encode(new Replies.ExplainReply(p.predictionId(), p.price(), e.expectedValue(),
                        e.byFeature(), m.name(), m.version()));
            }
            ModelAnswer a = predictions.answerAll(m, List.of(x), Endpoint.EXPLAIN).get(0);
            Map<String, Object> body = answer(m, a, false);
            List<String> names = m.schema().names();
            if (m.schema().task() instanceof Task.Classification c) {
                ClassExplanation e = m.explainer().explainClasses(x);
                Map<String, Double> expected = new LinkedHashMap<>();
                for (int k = 0; k < e.classes(); k++) {
                    expected.put(c.labels().get(k), e.expectedValue(k));
                }
                body.put("expected_values", expected);
                body.put("contributions", e.byClass(c.labels(), names));
            } else {
                Explanation e = m.explainer().explain(x);
                body.put("expected_value", e.expectedValue());
                body.put("contributions", e.byFeature(names));
            }
            body.put("model_name", m.name());
            body.put("model_version", m.version());
            return JsonReplies.encode(body);
        }, false).onSuccess(json -> {
            ServingVerticle.REPLIES.send(ctx, 200, json);
            metrics.request(m, Endpoint.EXPLAIN, 200, start);
        }).onFailure(ctx::fail);
    }

    /**
     * One answer as a reply's map: {@code prediction_id}, then the target by name (a regression) or {@code label}
     * and {@code probabilities} (a classification), then the model when {@code withModel}.
     */
    static Map<String, Object> answer(LoadedModel m, ModelAnswer a, boolean withModel) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prediction_id", a.predictionId());
        if (m.schema().task() instanceof Task.Classification c) {
            out.put("label", c.labels().get(a.label()));
            out.put("probabilities", ModelEvents.probabilities(c, a.probabilities()));
        } else {
            out.put(m.schema().task().target(), a.value());
        }
        if (withModel) {
            out.put("model_name", m.name());
            out.put("model_version", m.version());
        }
        return out;
    }

    private void offloaded(RoutingContext ctx, LoadedModel m, Endpoint endpoint, long start, Callable<Buffer> json) {
        boolean gzip = JsonReplies.acceptsGzip(ctx);
        Offload.ifLarge(ctx, () -> ServingVerticle.REPLIES.body(json.call(), gzip)).onSuccess(body -> {
            ServingVerticle.REPLIES.send(ctx, 200, body);
            metrics.request(m, endpoint, 200, start);
        }).onFailure(ctx::fail);
    }

    /** {@code GET /models/{name}/report}: a served model's report, drawn by the drift-worker (see PeerStatus). */
    void report(RoutingContext ctx, PeerStatus peers) {
        peers.report(ctx, slot(ctx).name());
    }

    /** The model the path names, or a 404 naming the models served. */
    private ModelRepository.Slot slot(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        return repository.slot(name).orElseThrow(() -> new ClientErrorException(ErrorBody.Kind.NOT_FOUND,
                "model '" + shorten(name) + "' is not served here; models served: " + repository.names()));
    }

    /** The slot's model, or a 503 with Retry-After while its first load runs. */
    static LoadedModel served(RoutingContext ctx, ModelRepository.Slot slot) {
        LoadedModel m = slot.current();
        if (m == null) {
            ctx.response().putHeader("Retry-After", LOADING_RETRY_AFTER_SECONDS);
            throw new ClientErrorException(ErrorBody.Kind.UNAVAILABLE, "model '" + slot.name()
                    + "' is loading; try again shortly");
        }
        return m;
    }

    static String shorten(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
