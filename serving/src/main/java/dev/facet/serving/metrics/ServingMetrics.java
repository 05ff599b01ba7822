package dev.facet.serving.metrics;

import dev.facet.service.http.RequestLimits.Refusal;
import dev.facet.contracts.schema.Diamond;
import dev.facet.serving.inference.LoadedModel;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.ModelAnswer;
import dev.facet.serving.prediction.ServedRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Every meter of the serving service, as Prometheus shows them. Every prediction meter carries {@code model}, the
 * model's name ({@code none} for a request that reached no model, such as an unknown name, and for lost events,
 * which the publisher counts for all models together):
 * <ul>
 *   <li>{@code prediction_requests_total{model,endpoint,outcome}}: requests to a prediction endpoint by outcome
 *       ({@code success}, {@code client_error}, {@code server_error});</li>
 *   <li>{@code prediction_rows_total{model,endpoint}}: rows predicted (a batch of n counts n);</li>
 *   <li>{@code prediction_latency_seconds{model,endpoint}}: histogram of handling time, body parsed to response
 *       written, for every outcome;</li>
 *   <li>{@code prediction_errors_total{model,kind,field}}: refused or failed requests by error kind and, for
 *       validation, the offending feature of that model ({@code body} for body-level problems, {@code other} for
 *       fields that are not features, {@code none} where no field applies);</li>
 *   <li>{@code prediction_value{model}}: a regression's predicted values in its target's unit (the schema's),
 *       buckets at the training predictions' quantiles;</li>
 *   <li>{@code prediction_labels_total{model,label}}: a classifier's answers by predicted label;</li>
 *   <li>{@code prediction_feature_value{model,feature}}: per numeric feature, a histogram of served inputs with
 *       buckets at that feature's training quantiles (units differ by feature: see the model's schema);</li>
 *   <li>{@code prediction_feature_recent_min|max|mean{model,feature}}: over the last {@value #RECENT} served rows;</li>
 *   <li>{@code prediction_feature_category_total{model,feature,category}}: served rows per category;</li>
 *   <li>{@code model_info{model_name,model_version}}: 1 per model served (relabelled on its reload);</li>
 *   <li>{@code model_reloads_total{outcome}}: admin reloads, {@code success} or {@code refused};</li>
 *   <li>{@code serving_requests_in_flight}: requests being handled now (all routes but health and metrics);</li>
 *   <li>{@code serving_http_responses_total{route,code}}: every answer, counted by {@link HttpResponses};</li>
 *   <li>{@code serving_requests_refused_total{reason}}: answered 503 by the limits, {@code in_flight_limit},
 *       {@code large_body_limit} (batch and V2 infer) or {@code timeout}, or 408 {@code slow_upload}.</li>
 * </ul>
 * Label values are bounded: models are the repository's, endpoints, outcomes and kinds are enums, fields,
 * categories and labels come from the schemas. A model's meters are resolved when it loads ({@link #modelLoaded}),
 * so a request indexes arrays; the default model's are found without a map lookup. Bucket bounds are fitted to a
 * model's first load; a reload with the same schema keeps them (buckets cannot change without resetting the
 * series), a reload with another schema replaces that model's meters.
 */
public final class ServingMetrics implements ServedRows {

    /** Rows in the recent-value windows. */
    public static final int RECENT = 1024;

    /** The {@code model} label of what reached no model. */
    public static final String NO_MODEL = "none";

    /** Outcome of one request, as the {@code outcome} label. */
    public enum Outcome {
        SUCCESS("success"), CLIENT_ERROR("client_error"), SERVER_ERROR("server_error");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Outcome of(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    /** The default model and its meters: the original routes' requests find them with one reference comparison. */
    private record Hot(LoadedModel model, ModelMeters meters) {
    }

    private final MeterRegistry registry;
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final Map<String, Gauge> modelInfo = new ConcurrentHashMap<>();
    private final ModelMeters none;
    private volatile Hot hot = new Hot(null, null);
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Counter reloadsSucceeded;
    private final Counter reloadsRefused;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        none = new ModelMeters(registry, NO_MODEL, null, null);
        reloadsSucceeded = reloads("success");
        reloadsRefused = reloads("refused");
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder("serving.requests.refused")
                    .description("Requests refused by the serving limits: too many in flight (503), not answered in "
                            + "time (503), or a body that stopped arriving (408)")
                    .tag("reason", r.label()).register(registry));
        }
    }

    /**
     * A model was loaded (at start, a reload, or a model added to the repository): its meters are made, or kept
     * when its schema is the one they were made for, and its {@code model_info} series carries its version.
     * Called off the request path; {@code isDefault} when it is the model behind the original routes.
     */
    public synchronized void modelLoaded(LoadedModel now, boolean isDefault) {
        ModelMeters meters = models.get(now.name());
        if (meters == null || !meters.schema().equals(now.schema())) {
            if (meters != null) {
                meters.remove();
            }
            meters = new ModelMeters(registry, now.name(), now.schema(), now.stats());
            models.put(now.name(), meters);
        }
        Gauge info = Gauge.builder("model.info", () -> 1)
                .description("A model being served: always 1, labelled with its name and version")
                .tag("model_name", now.name()).tag("model_version", now.version()).register(registry);
        Gauge old = modelInfo.put(now.name(), info);
        if (old != null && !old.getId().equals(info.getId())) {
            registry.remove(old); // an info metric has one series per thing that exists
        }
        if (isDefault) {
            hot = new Hot(now, meters);
        }
    }

    /** The meters of {@code m}; for the default model a volatile read and a comparison, else one map lookup. */
    private ModelMeters of(LoadedModel m) {
        Hot h = hot;
        if (h.model() == m) {
            return h.meters();
        }
        ModelMeters meters = models.get(m.name());
        return meters == null ? none : meters;
    }

    /** The meters of the model called {@code name}; {@link #NO_MODEL}'s for null or a name not served. */
    private ModelMeters named(String name) {
        ModelMeters meters = name == null ? null : models.get(name);
        return meters == null ? none : meters;
    }

    /** {@code serving_requests_in_flight}: the admission count, read at each scrape (owned by the HTTP layer). */
    public void observeInFlight(IntSupplier inFlight) {
        Gauge.builder("serving.requests.in.flight", inFlight::getAsInt)
                .description("Requests being handled now, health and metrics excepted; bounded by limits.in.flight.max")
                .register(registry);
    }

    private Counter reloads(String outcome) {
        return Counter.builder("model.reloads").description("Admin model reloads, by outcome (success, refused)")
                .tag("outcome", outcome).register(registry);
    }

    public void reloadRefused() {
        reloadsRefused.increment();
    }

    public void reloadSucceeded() {
        reloadsSucceeded.increment();
    }

    public void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    /**
     * Counts failed and dropped prediction events as {@code prediction_errors_total{kind="kafka_publish"}}, read
     * from the publisher's own counters so the two never disagree.
     */
    public void bindPublishErrors(String topic) {
        FunctionCounter.builder("prediction.errors", registry, r -> publishOutcome(r, topic, "failed")
                        + publishOutcome(r, topic, "dropped"))
                .description(ERRORS_HELP).tag("model", NO_MODEL).tag("kind", "kafka_publish").tag("field", "none").register(registry);
    }

    private static double publishOutcome(MeterRegistry r, String topic, String outcome) {
        Counter c = r.find("kafka.publish.events").tag("topic", topic).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static final String ERRORS_HELP = "Refused or failed prediction requests and events, by error kind and "
            + "offending field (a feature, body, other, or none)";

    /** Diamonds served by {@code m} through the typed path; thread-safe (event loops and batch workers). */
    @Override
    public void served(LoadedModel m, Endpoint endpoint, List<Diamond> rows, double[] predicted) {
        of(m).served(endpoint, rows, predicted);
    }

    /** Rows of a model that is data, in schema order, and its answers; thread-safe. */
    @Override
    public void answered(LoadedModel m, Endpoint endpoint, List<double[]> rows, List<ModelAnswer> answers) {
        of(m).answered(endpoint, rows, answers);
    }

    /** One finished request of model {@code m}, whatever its outcome. {@code startNanos} 0: the handler never started. */
    public void request(LoadedModel m, Endpoint endpoint, int status, long startNanos) {
        of(m).request(endpoint, status, startNanos);
    }

    /** As {@link #request(LoadedModel, Endpoint, int, long)} for the model called {@code model} (null: none). */
    public void request(String model, Endpoint endpoint, int status, long startNanos) {
        named(model).request(endpoint, status, startNanos);
    }

    /**
     * One error of the model called {@code model} (null or not served: {@code none}), with its kind code
     * ({@code validation}, {@code malformed_json} ...) and the raw field name, bounded by {@link #boundedField}.
     */
    public void error(String model, String kind, String field) {
        ModelMeters m = named(model);
        Counter.builder("prediction.errors").description(ERRORS_HELP).tag("model", m.model())
                .tag("kind", kind).tag("field", boundedField(field, m)).register(registry).increment();
    }

    /**
     * Maps a field path to a bounded label: {@code [3].carat} and {@code carat} to {@code carat} when the model has
     * that feature, {@code body} and {@code none} to themselves, anything else (unknown fields, V2 structure) to
     * {@code other}.
     */
    private static String boundedField(String field, ModelMeters model) {
        if (field == null) {
            return "none";
        }
        String f = field;
        int dot = f.lastIndexOf('.');
        if (f.startsWith("[") && dot > 0) {
            f = f.substring(dot + 1);
        }
        if (f.equals("body") || f.equals("none")) {
            return f;
        }
        return model.boundedField(f);
    }
}
