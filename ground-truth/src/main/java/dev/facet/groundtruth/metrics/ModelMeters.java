package dev.facet.groundtruth.metrics;

import dev.facet.groundtruth.quality.ClassStats;
import dev.facet.groundtruth.quality.ClassificationSnapshot;
import dev.facet.groundtruth.quality.ModelSnapshot;
import dev.facet.groundtruth.quality.RegressionSnapshot;
import dev.facet.groundtruth.quality.WindowStats;
import dev.facet.groundtruth.state.QualityState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one model, registered when its first snapshot appears; every one carries {@code model}.
 *
 * <p><b>Additive state.</b> Besides the per-instance figures (MAE, accuracy, ...), each window exports what they
 * are computed from and what sums across instances: {@code quality_window_pairs}, {@code quality_window_abs_error},
 * {@code quality_window_squared_error}, {@code quality_window_error}, {@code quality_window_abs_pct_error} for a
 * regressor; the confusion cells {@code quality_window_confusion{actual, predicted}} (bounded by the label set),
 * {@code quality_window_log_loss} and {@code quality_window_brier} for a classifier. With N instances, each holding
 * the windows of its share of the partitions, the recording rules divide the sums of sums: the exact global MAE,
 * RMSE and accuracy over all the instances' windows, which no combination of per-instance means gives.
 */
final class ModelMeters {

    private static final List<String> WINDOWS = List.of("count", "time");

    private final MeterRegistry registry;
    private final QualityState state;
    private final String model;

    private ModelMeters(MeterRegistry registry, QualityState state, String model) {
        this.registry = registry;
        this.state = state;
        this.model = model;
    }

    static void register(MeterRegistry registry, QualityState state, String model) {
        ModelMeters m = new ModelMeters(registry, state, model);
        m.common();
        ModelSnapshot s = state.snapshot(model).orElseThrow();
        if (s instanceof RegressionSnapshot) {
            m.regression();
        } else if (s instanceof ClassificationSnapshot c) {
            m.classification(c.labels());
        }
    }

    private void common() {
        Tags tags = Tags.of("model", model);
        FunctionCounter.builder("join.matched", state, st -> st.matchedCount(model)).tags(tags)
                .description("Predictions joined with their actual").register(registry);
        FunctionCounter.builder("join.predictions", state, st -> st.seenCount(model)).tags(tags)
                .description("Predictions read of the model: the denominator of the feedback coverage")
                .register(registry);
        FunctionCounter.builder("feedback.rejected", state, st -> st.invalidCount(model)).tags(tags)
                .tag("reason", "invalid_actual")
                .description("Joined actuals the model cannot take (a label it does not have, a number for a "
                        + "classifier), found at join time because the prediction had not arrived when the actual "
                        + "was accepted; dropped").register(registry);
        FunctionCounter.builder("concept.drift.alarms", state, st -> st.alarmCount(model)).tags(tags)
                .description("Times the concept-drift flag went from 0 to 1").register(registry);
        Gauge.builder("concept.drift.detected", state, st -> snap(st) != null && snap(st).driftDetected() ? 1 : 0)
                .tags(tags).description("1 when a concept-drift test of the model signals sustained degradation")
                .register(registry);
        for (String w : WINDOWS) {
            gauge("quality.window.pairs", null, w, st -> {
                ModelSnapshot s = snap(st);
                return s instanceof RegressionSnapshot r ? window(r, w).pairs()
                        : s instanceof ClassificationSnapshot c ? window(c, w).pairs() : Double.NaN;
            }, "Matched pairs in the window (additive: sum over instances)");
        }
    }

    private void regression() {
        for (String w : WINDOWS) {
            reg("quality.mae", null, w, WindowStats::mae, "Mean absolute error of the window's pairs, in the "
                    + "target's unit");
            reg("quality.rmse", null, w, WindowStats::rmse, "Root mean squared error of the window's pairs");
            reg("quality.mape", "ratio", w, WindowStats::mape, "Mean absolute percentage error, as a fraction");
            reg("quality.bias", null, w, WindowStats::bias, "Mean error, predicted minus actual");
            reg("quality.window.abs.error", null, w, WindowStats::sumAbs,
                    "Sum of |predicted - actual| over the window (additive: global MAE = sum / pairs)");
            reg("quality.window.squared.error", null, w, WindowStats::sumSq,
                    "Sum of (predicted - actual)^2 over the window (additive: global RMSE = sqrt(sum / pairs))");
            reg("quality.window.error", null, w, WindowStats::sumErr,
                    "Sum of predicted - actual over the window (additive: global bias = sum / pairs)");
            reg("quality.window.abs.pct.error", null, w, WindowStats::sumPct,
                    "Sum of |predicted - actual| / actual over the window (additive: global MAPE = sum / pairs)");
            gauge("quality.mae.ratio", null, w, st -> regression(st) == null ? Double.NaN
                    : window(regression(st), w).mae() / regression(st).baseline().baselineMae(),
                    "MAE of the window divided by the held-out MAE of the model bundle");
            gauge("quality.rmse.ratio", null, w, st -> regression(st) == null ? Double.NaN
                    : window(regression(st), w).rmse() / regression(st).baseline().baselineRmse(),
                    "RMSE of the window divided by the held-out RMSE of the model bundle");
        }
        modelR("quality.baseline.mae", r -> r.baseline().baselineMae(),
                "MAE of the model on its held-out rows (the concept-drift baseline)");
        modelR("quality.baseline.rmse", r -> r.baseline().baselineRmse(),
                "RMSE of the model on its held-out rows");
        modelR("quality.baseline.mape.ratio", r -> r.baseline().baselineMape(),
                "MAPE of the model on its held-out rows, as a fraction");
        modelR("concept.drift.mae.ratio.threshold", r -> r.drift().threshold(),
                "quality_mae_ratio at or above which a full count window raises the flag");
        modelR("concept.drift.page.hinkley", r -> r.drift().pageHinkley(),
                "Page-Hinkley statistic of the absolute error over the last pairs, in the target's unit");
        modelR("concept.drift.page.hinkley.threshold", r -> r.drift().pageHinkleyLambda(),
                "Page-Hinkley alarm threshold lambda, in the target's unit");
    }

    private void classification(List<String> labels) {
        for (String w : WINDOWS) {
            cls("quality.accuracy", w, ClassStats::accuracy, "Share of the window's pairs predicted right");
            cls("quality.macro.f1", w, ClassStats::macroF1, "Mean F1 over the labels present in the window");
            cls("quality.log.loss", w, ClassStats::logLoss, "Mean -ln p(actual label) over the window");
            cls("quality.brier", w, ClassStats::brier, "Mean multi-class Brier score over the window");
            cls("quality.window.correct", w, s -> s.correct(),
                    "Pairs of the window predicted right (additive: global accuracy = sum / pairs)");
            cls("quality.window.log.loss", w, ClassStats::logLossSum,
                    "Sum of -ln p(actual label) over the window (additive)");
            cls("quality.window.brier", w, ClassStats::brierSum, "Sum of the Brier score over the window (additive)");
            for (int a = 0; a < labels.size(); a++) {
                int ai = a;
                Gauge.builder("quality.class.precision", state, st -> classification(st) == null ? Double.NaN
                                : window(classification(st), w).precision(ai))
                        .tags(Tags.of("model", model, "window", w, "class", labels.get(a)))
                        .description("Of the window's pairs predicted as the class, the share that are")
                        .register(registry);
                Gauge.builder("quality.class.recall", state, st -> classification(st) == null ? Double.NaN
                                : window(classification(st), w).recall(ai))
                        .tags(Tags.of("model", model, "window", w, "class", labels.get(a)))
                        .description("Of the window's pairs that are the class, the share predicted as it")
                        .register(registry);
                for (int p = 0; p < labels.size(); p++) {
                    int pi = p;
                    Gauge.builder("quality.window.confusion", state, st -> classification(st) == null ? Double.NaN
                                    : window(classification(st), w).confusion()[ai][pi])
                            .tags(Tags.of("model", model, "window", w, "actual", labels.get(a),
                                    "predicted", labels.get(p)))
                            .description("Pairs of the window with this actual and this predicted label (additive)")
                            .register(registry);
                }
            }
        }
        modelC("quality.baseline.accuracy", c -> c.baseline().baseline().accuracy(),
                "Accuracy of the model on its held-out rows (model card)");
        modelC("quality.baseline.macro.f1", c -> c.baseline().baseline().macroF1(),
                "Macro-F1 of the model on its held-out rows (model card)");
        modelC("quality.baseline.log.loss", c -> c.baseline().baseline().logLoss(),
                "Log loss of the model on its held-out rows (model card)");
        modelC("concept.drift.error.rate.ratio", c -> c.drift().errorRateRatio(),
                "Count-window error rate divided by the held-out error rate");
        modelC("concept.drift.error.rate.ratio.threshold", c -> c.drift().threshold(),
                "Error-rate ratio at or above which a full, significantly worse count window raises the flag");
        modelC("concept.drift.ddm.warning", c -> c.drift().ddm().warning() ? 1 : 0,
                "1 while DDM (Gama et al. 2004) is at its warning level on the 0/1 error stream");
    }

    private ModelSnapshot snap(QualityState st) {
        return st.snapshot(model).orElse(null);
    }

    private RegressionSnapshot regression(QualityState st) {
        return snap(st) instanceof RegressionSnapshot r ? r : null;
    }

    private ClassificationSnapshot classification(QualityState st) {
        return snap(st) instanceof ClassificationSnapshot c ? c : null;
    }

    private static WindowStats window(RegressionSnapshot s, String w) {
        return "count".equals(w) ? s.countWindow() : s.timeWindow();
    }

    private static ClassStats window(ClassificationSnapshot s, String w) {
        return "count".equals(w) ? s.countWindow() : s.timeWindow();
    }

    private void reg(String name, String unit, String w, ToDoubleFunction<WindowStats> f, String help) {
        gauge(name, unit, w, st -> regression(st) == null ? Double.NaN : f.applyAsDouble(window(regression(st), w)),
                help);
    }

    private void cls(String name, String w, ToDoubleFunction<ClassStats> f, String help) {
        gauge(name, null, w, st -> classification(st) == null ? Double.NaN
                : f.applyAsDouble(window(classification(st), w)), help);
    }

    private void gauge(String name, String unit, String w, ToDoubleFunction<QualityState> f, String help) {
        Gauge.Builder<QualityState> b = Gauge.builder(name, state, f).tags(Tags.of("model", model, "window", w))
                .description(help);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    /** A regressor's gauge of the model alone; NaN while the model has no regression snapshot. */
    private void modelR(String name, ToDoubleFunction<RegressionSnapshot> f, String help) {
        Gauge.builder(name, state, st -> regression(st) == null ? Double.NaN : f.applyAsDouble(regression(st)))
                .tag("model", model).description(help).register(registry);
    }

    /** A classifier's gauge of the model alone; NaN while the model has no classification snapshot. */
    private void modelC(String name, ToDoubleFunction<ClassificationSnapshot> f, String help) {
        Gauge.builder(name, state, st -> classification(st) == null ? Double.NaN
                : f.applyAsDouble(classification(st))).tag("model", model).description(help).register(registry);
    }
}
