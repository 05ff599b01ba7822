package dev.facet.drift.metrics;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureQuality;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.TimeWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * All meters of the drift-worker (names as Prometheus shows them in the README). Label values are bounded:
 * {@code model} by {@code drift.max.models}, {@code window} is count|time, {@code feature} a model's schema
 * features plus its outputs ({@code prediction}, {@code top_probability}), {@code reason} a fixed set. A model's
 * meters are registered when its first version is tracked ({@link #model}), and again for a later version's new
 * features (registering an existing meter is a no-op). Per-feature gauges read the model's latest evaluation
 * from {@link DriftState} at scrape time and are NaN before the first verdict (no data is not "no drift").
 *
 * <p>Not every meter has a {@code model}: records that are not readable events, or whose model is unknown or over
 * the limit ({@code drift_events_malformed_total}, {@code drift_events_skipped_total}), have no model worth a
 * label (the name came from the topic, unbounded), and lag belongs to the consumer, not a model.
 */
public final class DriftMetrics {

    public static final List<String> WINDOWS = List.of(CountWindow.NAME, TimeWindow.NAME);

    /** Why a readable event was not added to any window. */
    public enum Skip { UNKNOWN_MODEL, MODEL_LIMIT, SCHEMA_MISMATCH }

    private final MeterRegistry registry;
    private final DriftState state;
    private final Map<EventFormatException.Reason, Counter> malformed = new EnumMap<>(EventFormatException.Reason.class);
    private final Map<Skip, Counter> skipped = new EnumMap<>(Skip.class);
    // written and read on the consumer's thread only
    private final Map<String, Counter> processed = new HashMap<>();
    private final Map<String, Counter> evaluations = new HashMap<>();
    private final Map<String, Timer> evaluationTime = new HashMap<>();

    public DriftMetrics(MeterRegistry registry, DriftState state) {
        this.registry = registry;
        this.state = state;
        for (EventFormatException.Reason r : EventFormatException.Reason.values()) {
            malformed.put(r, Counter.builder("drift.events.malformed")
                    .description("Records of the predictions topic skipped because they are not a valid event, by reason")
                    .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (Skip s : Skip.values()) {
            skipped.put(s, Counter.builder("drift.events.skipped")
                    .description("Valid events not judged: no bundle for their model and version (unknown_model), "
                            + "more models than drift.max.models (model_limit), or not fitting their bundle's schema")
                    .tag("reason", s.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        Gauge.builder("drift.consumer.lag", state, s -> s.lagRecords() < 0 ? Double.NaN : s.lagRecords())
                .baseUnit("records")
                .description("Records between this worker's position and the end of its assigned partitions, summed")
                .register(registry);
        Gauge.builder("drift.consumer.assigned.partitions", state, DriftState::assignedPartitions)
                .description("Partitions of the predictions topic assigned to this worker").register(registry);
        Gauge.builder("drift.instances.estimated", state, s -> s.share().estimatedInstances())
                .description("Partitions of the predictions topic / partitions this worker holds: the workers sharing "
                        + "the stream were the split even; its windows are judged at drift.alpha over this (NaN while "
                        + "it holds none)").register(registry);
        Gauge.builder("drift.models.tracked", state, s -> s.modelNames().size())
                .description("Models whose events this worker judges (at most drift.max.models)").register(registry);
    }

    /** Registers the meters of {@code reference}'s model: its features and outputs, for both windows. */
    public void model(Reference reference) {
        String model = reference.modelName();
        processed.computeIfAbsent(model, m -> Counter.builder("drift.events.processed")
                .description("Prediction events decoded and added to the model's drift windows")
                .tag("model", m).register(registry));
        for (String window : WINDOWS) {
            String key = model + '\u0000' + window;
            evaluations.computeIfAbsent(key, k -> Counter.builder("drift.evaluations")
                    .description("Window evaluations, with or without a verdict")
                    .tag("model", model).tag("window", window).register(registry));
            evaluationTime.computeIfAbsent(key, k -> Timer.builder("drift.evaluation.duration")
                    .description("Time to evaluate one window (every test, the correction and data quality)")
                    .tag("model", model).tag("window", window)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(2)).register(registry));
            for (Reference.NumericColumn c : reference.numeric()) {
                tests(model, window, c.name(), false);
                quality(model, window, c.name(), true);
            }
            for (Reference.CategoricalColumn c : reference.categorical()) {
                tests(model, window, c.name(), true);
                quality(model, window, c.name(), false);
            }
            if (reference.predictedLabel() != null) {
                tests(model, window, reference.predictedLabel().name(), true);
            }
            if (reference.prediction() != null) {
                tests(model, window, reference.prediction().name(), false);
            }
            windowGauge(model, window, "drift.share.of.features", "Share of the window's tests that drifted",
                    Evaluation::driftedShare);
            windowGauge(model, window, "drift.dataset.detected",
                    "1 when the latest window's drifted share reached the dataset-drift threshold",
                    e -> e.datasetDrift() ? 1 : 0);
            Gauge.builder("drift.window.evaluated.events", state, s -> {
                Evaluation e = s.latest(model, window);
                return e == null ? Double.NaN : e.size();
            }).description("Events in the latest evaluated window, with or without a verdict")
                    .tag("model", model).tag("window", window).register(registry);
            Gauge.builder("drift.last.evaluation.timestamp", state, s -> {
                Evaluation e = s.latest(model, window);
                return e == null ? Double.NaN : e.evaluatedAt().toEpochMilli() / 1000.0;
            }).baseUnit("seconds").description("Unix time of the latest evaluation of the window")
                    .tag("model", model).tag("window", window).register(registry);
            Gauge.builder("drift.window.fill.ratio", state, s -> s.fill(model, window).ratio())
                    .description("Events in the current version's open window / its capacity (count: window.count, "
                            + "time: window.time.max.events)")
                    .tag("model", model).tag("window", window).register(registry);
            Gauge.builder("drift.window.events", state, s -> s.fill(model, window).events())
                    .description("Events in the current version's open window")
                    .tag("model", model).tag("window", window).register(registry);
        }
    }

    public void processed(String model) {
        processed.get(model).increment();
    }

    public void malformed(EventFormatException.Reason reason) {
        malformed.get(reason).increment();
    }

    public void skipped(Skip reason) {
        skipped.get(reason).increment();
    }

    public void evaluated(String model, String window, long nanos) {
        String key = model + '\u0000' + window;
        evaluations.get(key).increment();
        evaluationTime.get(key).record(nanos, TimeUnit.NANOSECONDS);
    }

    private void tests(String model, String window, String feature, boolean categorical) {
        if (categorical) {
            featureGauge(model, window, feature, "drift.chi.square.statistic",
                    "Chi-square statistic of a categorical feature's (or predicted label's) latest window against "
                            + "training frequencies", FeatureResult::statistic);
        } else {
            featureGauge(model, window, feature, "drift.ks.statistic",
                    "Two-sample Kolmogorov-Smirnov D of the latest window against the training reference",
                    FeatureResult::statistic);
        }
        featureGauge(model, window, feature, "drift.p.value", "P-value of the feature's latest drift test, uncorrected",
                FeatureResult::pValue);
        featureGauge(model, window, feature, "drift.p.value.adjusted",
                "P-value after the window's multiple-testing correction; significant when <= alpha",
                FeatureResult::adjustedPValue);
        featureGauge(model, window, feature, "drift.magnitude",
                "Drift magnitude: Wasserstein-1 / training std (numeric, prediction) or Cohen's w (categorical)",
                FeatureResult::magnitude);
        featureGauge(model, window, feature, "drift.detected",
                "1 when the feature drifted in the latest window (significant and magnitude above threshold)",
                r -> r.drifted() ? 1 : 0);
        featureGauge(model, window, feature, "drift.psi",
                "Population stability index of the latest window over the reference bins (0.1 moderate, 0.25 major)",
                FeatureResult::psi);
        featureGauge(model, window, feature, "drift.js.distance",
                "Jensen-Shannon distance (natural log) of the latest window over the reference bins",
                FeatureResult::jsDistance);
    }

    private void quality(String model, String window, String feature, boolean numeric) {
        qualityGauge(model, window, feature, "drift.missing.share",
                "Share of the latest window's events without a value for the feature", FeatureQuality::missingShare);
        qualityGauge(model, window, feature, "drift.reference.missing.share",
                "Share of the training rows without a value for the feature", FeatureQuality::referenceMissingShare);
        if (numeric) {
            qualityGauge(model, window, feature, "drift.out.of.range.share",
                    "Share of the feature's present values in the latest window outside the training min..max",
                    FeatureQuality::outOfRangeShare);
        } else {
            qualityGauge(model, window, feature, "drift.unseen.category.share",
                    "Share of the feature's present values in the latest window that training never had",
                    FeatureQuality::unseenShare);
        }
    }

    private void featureGauge(String model, String window, String feature, String name, String help,
                              ToDoubleFunction<FeatureResult> value) {
        Gauge.builder(name, state, s -> {
            Evaluation e = s.latest(model, window);
            if (e == null || !e.verdict()) {
                return Double.NaN;
            }
            for (FeatureResult r : e.features()) {
                if (r.feature().equals(feature)) {
                    return value.applyAsDouble(r);
                }
            }
            return Double.NaN;
        }).description(help).tag("model", model).tag("window", window).tag("feature", feature).register(registry);
    }

    private void qualityGauge(String model, String window, String feature, String name, String help,
                              ToDoubleFunction<FeatureQuality> value) {
        Gauge.builder(name, state, s -> {
            Evaluation e = s.latest(model, window);
            if (e == null) {
                return Double.NaN;
            }
            for (FeatureQuality q : e.quality()) {
                if (q.feature().equals(feature)) {
                    return value.applyAsDouble(q);
                }
            }
            return Double.NaN;
        }).description(help).tag("model", model).tag("window", window).tag("feature", feature).register(registry);
    }

    private void windowGauge(String model, String window, String name, String help, ToDoubleFunction<Evaluation> value) {
        Gauge.builder(name, state, s -> {
            Evaluation e = s.latest(model, window);
            return e == null || !e.verdict() ? Double.NaN : value.applyAsDouble(e);
        }).description(help).tag("model", model).tag("window", window).register(registry);
    }
}
