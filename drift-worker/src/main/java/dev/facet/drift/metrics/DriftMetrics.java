package dev.facet.drift.metrics;

import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.drift.stats.Reference;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.TimeWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * All meters of the drift-worker (names as Prometheus shows them in the README). Label values are bounded:
 * {@code window} is count|time, {@code feature} the nine schema features plus {@code prediction},
 * {@code reason} the three {@link EventFormatException.Reason}s. Per-feature gauges read the latest
 * evaluation from {@link DriftState} at scrape time and are NaN before the first verdict (no data is not
 * "no drift").
 */
public final class DriftMetrics {

    public static final List<String> WINDOWS = List.of(CountWindow.NAME, TimeWindow.NAME);

    private final Counter processed;
    private final Map<EventFormatException.Reason, Counter> malformed = new EnumMap<>(EventFormatException.Reason.class);
    private final Map<String, Counter> evaluations = new HashMap<>();
    private final Map<String, Timer> evaluationTime = new HashMap<>();

    public DriftMetrics(MeterRegistry registry, DriftState state) {
        processed = Counter.builder("drift.events.processed")
                .description("Prediction events decoded and added to the drift windows").register(registry);
        for (EventFormatException.Reason r : EventFormatException.Reason.values()) {
            malformed.put(r, Counter.builder("drift.events.malformed")
                    .description("Records of the predictions topic skipped because they are not a valid event, by reason")
                    .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        List<String> features = new ArrayList<>(DiamondSchema.names());
        features.add(Reference.PREDICTION);
        for (String window : WINDOWS) {
            evaluations.put(window, Counter.builder("drift.evaluations")
                    .description("Window evaluations, with or without a verdict").tag("window", window).register(registry));
            evaluationTime.put(window, Timer.builder("drift.evaluation.duration")
                    .description("Time to evaluate one window (ten tests and the correction)").tag("window", window)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(2)).register(registry));
            for (String feature : features) {
                boolean categorical = DiamondSchema.has(feature) && !DiamondSchema.feature(feature).isNumeric();
                if (categorical) {
                    featureGauge(registry, state, "drift.chi.square.statistic",
                            "Chi-square statistic of a categorical feature's latest window against training frequencies",
                            window, feature, FeatureResult::statistic);
                } else {
                    featureGauge(registry, state, "drift.ks.statistic",
                            "Two-sample Kolmogorov-Smirnov D of the latest window against the training reference",
                            window, feature, FeatureResult::statistic);
                }
                featureGauge(registry, state, "drift.p.value", "P-value of the feature's latest drift test, uncorrected",
                        window, feature, FeatureResult::pValue);
                featureGauge(registry, state, "drift.p.value.adjusted",
                        "P-value after the window's multiple-testing correction; significant when <= alpha",
                        window, feature, FeatureResult::adjustedPValue);
                featureGauge(registry, state, "drift.magnitude",
                        "Drift magnitude: Wasserstein-1 / training std (numeric, prediction) or Cohen's w (categorical)",
                        window, feature, FeatureResult::magnitude);
                featureGauge(registry, state, "drift.detected",
                        "1 when the feature drifted in the latest window (significant and magnitude above threshold)",
                        window, feature, r -> r.drifted() ? 1 : 0);
            }
            windowGauge(registry, state, "drift.share.of.features", "Share of the ten tests that drifted in the latest window",
                    window, Evaluation::driftedShare);
            windowGauge(registry, state, "drift.dataset.detected",
                    "1 when the latest window's drifted share reached the dataset-drift threshold", window,
                    e -> e.datasetDrift() ? 1 : 0);
            Gauge.builder("drift.window.evaluated.events", state, s -> {
                Evaluation e = s.latest(window);
                return e == null ? Double.NaN : e.size();
            }).description("Events in the latest evaluated window, with or without a verdict")
                    .tag("window", window).register(registry);
            Gauge.builder("drift.last.evaluation.timestamp", state, s -> {
                Evaluation e = s.latest(window);
                return e == null ? Double.NaN : e.evaluatedAt().toEpochMilli() / 1000.0;
            }).baseUnit("seconds").description("Unix time of the latest evaluation of the window")
                    .tag("window", window).register(registry);
            Gauge.builder("drift.window.fill.ratio", state, s -> s.fill(window).ratio())
                    .description("Events in the open window / its capacity (count: window.count, time: window.time.max.events)")
                    .tag("window", window).register(registry);
            Gauge.builder("drift.window.events", state, s -> s.fill(window).events())
                    .description("Events in the open window").tag("window", window).register(registry);
        }
        Gauge.builder("drift.consumer.lag", state, s -> s.lagRecords() < 0 ? Double.NaN : s.lagRecords())
                .baseUnit("records")
                .description("Records between this worker's position and the end of its assigned partitions, summed")
                .register(registry);
        Gauge.builder("drift.consumer.assigned.partitions", state, DriftState::assignedPartitions)
                .description("Partitions of the predictions topic assigned to this worker").register(registry);
    }

    public void processed() {
        processed.increment();
    }

    public void malformed(EventFormatException.Reason reason) {
        malformed.get(reason).increment();
    }

    public void evaluated(String window, long nanos) {
        evaluations.get(window).increment();
        evaluationTime.get(window).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static void featureGauge(MeterRegistry registry, DriftState state, String name, String help, String window,
                                     String feature, ToDoubleFunction<FeatureResult> value) {
        Gauge.builder(name, state, s -> {
            Evaluation e = s.latest(window);
            if (e == null || !e.verdict()) {
                return Double.NaN;
            }
            for (FeatureResult r : e.features()) {
                if (r.feature().equals(feature)) {
                    return value.applyAsDouble(r);
                }
            }
            return Double.NaN;
        }).description(help).tag("window", window).tag("feature", feature).register(registry);
    }

    private static void windowGauge(MeterRegistry registry, DriftState state, String name, String help, String window,
                                    ToDoubleFunction<Evaluation> value) {
        Gauge.builder(name, state, s -> {
            Evaluation e = s.latest(window);
            return e == null || !e.verdict() ? Double.NaN : value.applyAsDouble(e);
        }).description(help).tag("window", window).register(registry);
    }
}
