package dev.facet.serving.metrics;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.serving.metrics.ServingMetrics.Outcome;
import dev.facet.serving.prediction.Endpoint;
import dev.facet.serving.prediction.ModelAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one model (the {@code model} label), resolved once when the model loads so that a request touches
 * arrays, never a registry or a map ({@link ServingMetrics} names every meter). Built from the model's schema and
 * training statistics: one histogram and recent window per numeric feature, one counter per category, the
 * predicted value's histogram for a regression, one counter per label for a classification.
 *
 * <p>The {@code none} instance has no schema: it counts requests that never reached a model (an unknown name).
 */
final class ModelMeters {

    private final String model;
    private final ModelSchema schema;
    private final Set<String> fields;
    private final Counter[][] requests = new Counter[Endpoint.values().length][Outcome.values().length];
    private final Counter[] rows = new Counter[Endpoint.values().length];
    private final Timer[] latency = new Timer[Endpoint.values().length];
    /** Indexes into the model's input vector of the numeric features, then of the categorical ones. */
    private final int[] numericIndex;
    private final int[] categoricalIndex;
    private final DistributionSummary[] featureValues;
    private final RecentWindow[] recent;
    private final Counter[][] categories;
    /** The regression's value histogram; null for a classifier. */
    private final DistributionSummary value;
    /** One counter per label, in the schema's order; null for a regression. */
    private final Counter[] labels;
    private final List<Meter> registered = new ArrayList<>();
    private final MeterRegistry registry;

    ModelMeters(MeterRegistry registry, String model, ModelSchema schema, TrainingStats training) {
        this.registry = registry;
        this.model = model;
        this.schema = schema;
        for (Endpoint e : Endpoint.values()) {
            for (Outcome o : Outcome.values()) {
                requests[e.ordinal()][o.ordinal()] = keep(Counter.builder("prediction.requests")
                        .description("Requests to a prediction endpoint, by model, endpoint and outcome")
                        .tag("model", model).tag("endpoint", e.label()).tag("outcome", o.label()).register(registry));
            }
            rows[e.ordinal()] = keep(Counter.builder("prediction.rows")
                    .description("Rows predicted, by model and endpoint; a batch of n rows counts n")
                    .tag("model", model).tag("endpoint", e.label()).register(registry));
            latency[e.ordinal()] = keep(Timer.builder("prediction.latency")
                    .description("Time to handle a prediction request, from parsed body to written response")
                    .tag("model", model).tag("endpoint", e.label())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
        if (schema == null) {
            fields = Set.of();
            numericIndex = categoricalIndex = new int[0];
            featureValues = new DistributionSummary[0];
            recent = new RecentWindow[0];
            categories = new Counter[0][];
            value = null;
            labels = null;
            return;
        }
        fields = new HashSet<>(schema.names());
        List<Feature> features = schema.features();
        numericIndex = indexes(features, true);
        categoricalIndex = indexes(features, false);
        featureValues = new DistributionSummary[numericIndex.length];
        recent = new RecentWindow[numericIndex.length];
        for (int i = 0; i < numericIndex.length; i++) {
            Feature f = features.get(numericIndex[i]);
            featureValues[i] = keep(histogram(DistributionSummary.builder("prediction.feature.value")
                    .description("Served values of a numeric feature, in its own unit (the model's schema); buckets "
                            + "at its training quantiles")
                    .tag("model", model).tag("feature", f.name()), training.numeric().get(f.name())).register(registry));
            RecentWindow w = new RecentWindow(ServingMetrics.RECENT);
            recent[i] = w;
            recentGauge("prediction.feature.recent.min", "Smallest value", w, f, s -> s.min());
            recentGauge("prediction.feature.recent.max", "Largest value", w, f, s -> s.max());
            recentGauge("prediction.feature.recent.mean", "Mean", w, f, s -> s.mean());
        }
        categories = new Counter[categoricalIndex.length][];
        for (int i = 0; i < categoricalIndex.length; i++) {
            Feature f = features.get(categoricalIndex[i]);
            List<String> cats = f.categories();
            categories[i] = new Counter[cats.size()];
            for (int c = 0; c < cats.size(); c++) {
                categories[i][c] = keep(Counter.builder("prediction.feature.category")
                        .description("Served rows per category of a categorical feature")
                        .tag("model", model).tag("feature", f.name()).tag("category", cats.get(c)).register(registry));
            }
        }
        if (schema.task() instanceof Task.Classification c) {
            value = null;
            labels = new Counter[c.labels().size()];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = keep(Counter.builder("prediction.labels")
                        .description("Rows a classifier answered, by predicted label")
                        .tag("model", model).tag("label", c.labels().get(k)).register(registry));
            }
        } else {
            labels = null;
            // one name for every regression: the unit differs by model and is in its schema (GET /models/{name})
            value = keep(histogram(DistributionSummary.builder("prediction.value")
                    .description("Predicted values of a regression, in its target's unit (the model's schema, e.g. "
                            + "USD for a price); buckets at the quantiles of its predictions on its training rows")
                    .tag("model", model), training.prediction()).register(registry));
        }
    }

    /** Buckets at the training quantiles; without training figures, Micrometer's generic histogram buckets. */
    private static DistributionSummary.Builder histogram(DistributionSummary.Builder b, NumericSummary training) {
        // a histogram either way, so that every series of one name has the same Prometheus type
        return training == null ? b.publishPercentileHistogram() : b.serviceLevelObjectives(Buckets.fitted(training));
    }

    private void recentGauge(String name, String what, RecentWindow w, Feature f,
                             ToDoubleFunction<RecentWindow.Summary> stat) {
        keep(Gauge.builder(name, w, x -> stat.applyAsDouble(x.summary())).tag("model", model).tag("feature", f.name())
                .description(what + " of a numeric feature over the last " + ServingMetrics.RECENT + " served rows")
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    private static int[] indexes(List<Feature> features, boolean numeric) {
        int[] out = new int[features.size()];
        int n = 0;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).isNumeric() == numeric) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    String model() {
        return model;
    }

    ModelSchema schema() {
        return schema;
    }

    /** Removes every meter of this model from the registry (its schema changed on reload). */
    void remove() {
        registered.forEach(registry::remove);
    }

    /** A feature of this model, or {@code other}. */
    String boundedField(String field) {
        return fields.contains(field) ? field : "other";
    }

    void request(Endpoint endpoint, int status, long startNanos) {
        requests[endpoint.ordinal()][Outcome.of(status).ordinal()].increment();
        if (startNanos != 0) {
            latency[endpoint.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Diamonds served by the typed path. What can be added up (rows, categories, the recent windows' slots) is, and
     * touches each shared counter once per call rather than once per row: per-row updates were a large share of a
     * big batch's CPU (BENCHMARKS.md). The histograms take every value.
     */
    void served(Endpoint endpoint, List<Diamond> ds, double[] predicted) {
        int n = predicted.length;
        rows[endpoint.ordinal()].increment(n);
        for (double p : predicted) {
            value.record(p);
        }
        List<Feature> features = schema.features();
        double[] column = new double[n];
        for (int i = 0; i < numericIndex.length; i++) {
            String name = features.get(numericIndex[i]).name();
            for (int r = 0; r < n; r++) {
                column[r] = ds.get(r).numeric(name);
                featureValues[i].record(column[r]);
            }
            recent[i].addAll(column);
        }
        for (int i = 0; i < categoricalIndex.length; i++) {
            Feature f = features.get(categoricalIndex[i]);
            int[] counts = new int[categories[i].length];
            for (int r = 0; r < n; r++) {
                counts[f.ordinalOf(ds.get(r).category(f.name())) - 1]++;
            }
            add(categories[i], counts);
        }
    }

    /**
     * Rows of a model that is data, feature vectors in schema order (categories as 1-based ordinals, missing values
     * NaN, which no histogram, window or category takes), as {@link #served} does for diamonds.
     */
    void answered(Endpoint endpoint, List<double[]> xs, List<ModelAnswer> answers) {
        int n = xs.size();
        rows[endpoint.ordinal()].increment(n);
        if (labels != null) {
            int[] counts = new int[labels.length];
            for (ModelAnswer a : answers) {
                counts[a.label()]++;
            }
            add(labels, counts);
        } else {
            for (ModelAnswer a : answers) {
                value.record(a.value());
            }
        }
        double[] column = new double[n];
        for (int i = 0; i < numericIndex.length; i++) {
            int present = 0;
            for (int r = 0; r < n; r++) {
                double v = xs.get(r)[numericIndex[i]];
                if (!Double.isNaN(v)) {
                    column[present++] = v;
                    featureValues[i].record(v);
                }
            }
            recent[i].addAll(present == n ? column : Arrays.copyOf(column, present));
        }
        for (int i = 0; i < categoricalIndex.length; i++) {
            int[] counts = new int[categories[i].length];
            for (int r = 0; r < n; r++) {
                double v = xs.get(r)[categoricalIndex[i]];
                if (!Double.isNaN(v)) {
                    counts[(int) v - 1]++;
                }
            }
            add(categories[i], counts);
        }
    }

    private static void add(Counter[] counters, int[] counts) {
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                counters[c].increment(counts[c]);
            }
        }
    }
}
