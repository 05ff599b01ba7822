package dev.facet.serving.metrics;

import dev.facet.service.http.RequestLimits.Refusal;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.ServedRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Every meter of the serving service, as Prometheus shows them:
 * <ul>
 *   <li>{@code prediction_requests_total{endpoint,outcome}}: requests to a prediction endpoint by outcome
 *       ({@code success}, {@code client_error}, {@code server_error});</li>
 *   <li>{@code prediction_rows_total{endpoint}}: rows predicted (a batch of n counts n);</li>
 *   <li>{@code prediction_latency_seconds{endpoint}}: histogram of handling time, body parsed to response
 *       written, for every outcome;</li>
 *   <li>{@code prediction_errors_total{kind,field}}: refused or failed requests by error kind and, for
 *       validation, the offending feature ({@code body} for body-level problems, {@code other} for fields that
 *       are not features, {@code none} where no field applies);</li>
 *   <li>{@code prediction_price_usd}: histogram of predicted prices, buckets at the training predictions'
 *       quantiles;</li>
 *   <li>{@code prediction_feature_value{feature}}: per numeric feature, a histogram of served inputs with
 *       buckets at that feature's training quantiles (units differ by feature: see the model card);</li>
 *   <li>{@code prediction_feature_recent_min|max|mean{feature}}: over the last {@value #RECENT} served rows;</li>
 *   <li>{@code prediction_feature_category_total{feature,category}}: served rows per category;</li>
 *   <li>{@code model_info{model_name,model_version}}: 1 for the model being served (relabelled on reload);</li>
 *   <li>{@code model_reloads_total{outcome}}: admin reloads, {@code success} or {@code refused};</li>
 *   <li>{@code serving_requests_in_flight}: requests being handled now (all routes but health and metrics);</li>
 *   <li>{@code serving_http_responses_total{route,code}}: every answer, counted by {@link HttpResponses};</li>
 *   <li>{@code serving_requests_refused_total{reason}}: answered 503 by the limits, {@code in_flight_limit},
 *       {@code large_body_limit} (batch and V2 infer) or {@code timeout}, or 408 {@code slow_upload}.</li>
 * </ul>
 * Label values are bounded: endpoints, outcomes and kinds are enums, fields and categories come from the schema.
 * Bucket bounds are fitted to the model loaded at start; a reloaded model keeps them (buckets cannot change
 * without resetting the series).
 */
public final class ServingMetrics implements ServedRows {

    /** Rows in the recent-value windows. */
    public static final int RECENT = 1024;

    /** Outcome of one request, as the {@code outcome} label. */
    public enum Outcome {
        SUCCESS("success"), CLIENT_ERROR("client_error"), SERVER_ERROR("server_error");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public static Outcome of(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    private static final Set<String> FIELDS = Set.copyOf(DiamondSchema.names());

    private final MeterRegistry registry;
    private final Map<Endpoint, Map<Outcome, Counter>> requests = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Counter> rows = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer> latency = new EnumMap<>(Endpoint.class);
    private final DistributionSummary price;
    private final DistributionSummary[] featureValues;
    private final RecentWindow[] recent;
    private final Map<String, Counter[]> categories = new HashMap<>();
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Counter reloadsSucceeded;
    private final Counter reloadsRefused;
    private Gauge modelInfo;

    public ServingMetrics(MeterRegistry registry, TrainingStats training, String modelName, String modelVersion) {
        this.registry = registry;
        for (Endpoint e : Endpoint.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, Counter.builder("prediction.requests")
                        .description("Requests to a prediction endpoint, by endpoint and outcome")
                        .tag("endpoint", e.label()).tag("outcome", o.label).register(registry));
            }
            requests.put(e, byOutcome);
            rows.put(e, Counter.builder("prediction.rows")
                    .description("Rows predicted, by endpoint; a batch of n rows counts n")
                    .tag("endpoint", e.label()).register(registry));
            latency.put(e, Timer.builder("prediction.latency")
                    .description("Time to handle a prediction request, from parsed body to written response")
                    .tag("endpoint", e.label())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
        price = DistributionSummary.builder("prediction.price").baseUnit("usd")
                .description("Predicted prices; buckets at the quantiles of the model's predictions on its training rows")
                .serviceLevelObjectives(Buckets.fitted(training.prediction()))
                .register(registry);
        featureValues = new DistributionSummary[DiamondSchema.NUMERIC.size()];
        recent = new RecentWindow[DiamondSchema.NUMERIC.size()];
        for (int i = 0; i < featureValues.length; i++) {
            Feature f = DiamondSchema.NUMERIC.get(i);
            NumericSummary s = training.numeric().get(f.name());
            if (s == null) {
                throw new IllegalArgumentException("training statistics have no summary of feature " + f.name());
            }
            featureValues[i] = DistributionSummary.builder("prediction.feature.value")
                    .description("Served values of a numeric feature, in its own unit; buckets at its training quantiles")
                    .tag("feature", f.name())
                    .serviceLevelObjectives(Buckets.fitted(s))
                    .register(registry);
            RecentWindow w = new RecentWindow(RECENT);
            recent[i] = w;
            Gauge.builder("prediction.feature.recent.min", w, x -> x.summary().min()).tag("feature", f.name())
                    .description("Smallest value of a numeric feature over the last " + RECENT + " served rows")
                    .register(registry);
            Gauge.builder("prediction.feature.recent.max", w, x -> x.summary().max()).tag("feature", f.name())
                    .description("Largest value of a numeric feature over the last " + RECENT + " served rows")
                    .register(registry);
            Gauge.builder("prediction.feature.recent.mean", w, x -> x.summary().mean()).tag("feature", f.name())
                    .description("Mean of a numeric feature over the last " + RECENT + " served rows")
                    .register(registry);
        }
        for (Feature f : DiamondSchema.CATEGORICAL) {
            List<String> cats = f.categories();
            Counter[] counters = new Counter[cats.size()];
            for (int c = 0; c < counters.length; c++) {
                counters[c] = Counter.builder("prediction.feature.category")
                        .description("Served rows per category of a categorical feature")
                        .tag("feature", f.name()).tag("category", cats.get(c)).register(registry);
            }
            categories.put(f.name(), counters);
        }
        modelInfo = modelInfoGauge(modelName, modelVersion);
        reloadsSucceeded = reloads("success");
        reloadsRefused = reloads("refused");
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder("serving.requests.refused")
                    .description("Requests refused by the serving limits: too many in flight (503), not answered in "
                            + "time (503), or a body that stopped arriving (408)")
                    .tag("reason", r.label()).register(registry));
        }
    }

    /** {@code serving_requests_in_flight}: the admission count, read at each scrape (owned by the HTTP layer). */
    public void observeInFlight(IntSupplier inFlight) {
        Gauge.builder("serving.requests.in.flight", inFlight::getAsInt)
                .description("Requests being handled now, health and metrics excepted; bounded by limits.in.flight.max")
                .register(registry);
    }

    private Gauge modelInfoGauge(String name, String version) {
        return Gauge.builder("model.info", () -> 1).description("The model being served: always 1, labelled with its name and version")
                .tag("model_name", name).tag("model_version", version).register(registry);
    }

    private Counter reloads(String outcome) {
        return Counter.builder("model.reloads").description("Admin model reloads, by outcome (success, refused)")
                .tag("outcome", outcome).register(registry);
    }

    /**
     * A reload swapped the model: {@code model_info} now carries the new name and version only (an info metric
     * has one series per thing that exists). Histogram buckets stay fitted to the model loaded at start.
     */
    public synchronized void modelChanged(String name, String version) {
        Gauge old = modelInfo;
        modelInfo = modelInfoGauge(name, version);
        if (!old.getId().equals(modelInfo.getId())) {
            registry.remove(old);
        }
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
                .description(ERRORS_HELP).tag("kind", "kafka_publish").tag("field", "none").register(registry);
    }

    private static double publishOutcome(MeterRegistry r, String topic, String outcome) {
        Counter c = r.find("kafka.publish.events").tag("topic", topic).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static final String ERRORS_HELP = "Refused or failed prediction requests and events, by error kind and "
            + "offending field (a feature, body, other, or none)";

    /**
     * Served rows, {@code predicted[i]} the prediction of {@code ds.get(i)}. Thread-safe; called from event loops
     * (single rows, small batches) and batch workers. What can be added up
     * (rows, categories, the recent windows' slots) is, and touches each shared counter once per call rather than
     * once per row: per-row updates were a large share of a big batch's CPU (BENCHMARKS.md). The histograms take
     * every value.
     */
    @Override
    public void served(Endpoint endpoint, List<Diamond> ds, double[] predicted) {
        int n = predicted.length;
        rows.get(endpoint).increment(n);
        for (double p : predicted) {
            price.record(p);
        }
        double[] column = new double[n];
        for (int i = 0; i < featureValues.length; i++) {
            String name = DiamondSchema.NUMERIC.get(i).name();
            for (int r = 0; r < n; r++) {
                column[r] = ds.get(r).numeric(name);
                featureValues[i].record(column[r]);
            }
            recent[i].addAll(column);
        }
        for (Feature f : DiamondSchema.CATEGORICAL) {
            Counter[] counters = categories.get(f.name());
            int[] counts = new int[counters.length];
            for (int r = 0; r < n; r++) {
                counts[f.ordinalOf(ds.get(r).category(f.name())) - 1]++;
            }
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    counters[c].increment(counts[c]);
                }
            }
        }
    }

    /** One finished request, whatever its outcome. {@code startNanos} 0 means the handler never started. */
    public void request(Endpoint endpoint, int status, long startNanos) {
        requests.get(endpoint).get(Outcome.of(status)).increment();
        if (startNanos != 0) {
            latency.get(endpoint).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One error, with its kind code ({@code validation}, {@code malformed_json} ...) and the raw field name. */
    public void error(String kind, String field) {
        Counter.builder("prediction.errors").description(ERRORS_HELP)
                .tag("kind", kind).tag("field", boundedField(field)).register(registry).increment();
    }

    /**
     * Maps a field path to a bounded label: {@code [3].carat} and {@code carat} to {@code carat}, {@code body}
     * and {@code none} to themselves, anything else (unknown fields, V2 structure) to {@code other}.
     */
    public static String boundedField(String field) {
        if (field == null) {
            return "none";
        }
        String f = field;
        int dot = f.lastIndexOf('.');
        if (f.startsWith("[") && dot > 0) {
            f = f.substring(dot + 1);
        }
        if (FIELDS.contains(f) || f.equals("body") || f.equals("none")) {
            return f;
        }
        return "other";
    }
}
