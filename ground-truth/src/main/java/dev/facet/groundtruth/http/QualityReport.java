package dev.facet.groundtruth.http;

import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.join.JoinEvents.Unmatched;
import dev.facet.groundtruth.join.Joiner;
import dev.facet.groundtruth.quality.ClassStats;
import dev.facet.groundtruth.quality.ClassificationSnapshot;
import dev.facet.groundtruth.quality.ConceptDriftPolicy;
import dev.facet.groundtruth.quality.Ddm;
import dev.facet.groundtruth.quality.DriftStatus;
import dev.facet.groundtruth.quality.ModelSnapshot;
import dev.facet.groundtruth.quality.RegressionSnapshot;
import dev.facet.groundtruth.quality.WindowStats;
import dev.facet.groundtruth.state.QualityState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code GET /quality}: the same numbers as the gauges, NaN as null. Without {@code ?model=} it shows
 * every model under {@code models} (and, when the repository holds one model, that model's figures at the top level
 * as well, where clients of the one-model service read them); with it, that model's figures at the top level. Both
 * carry the join's state and the counters.
 */
public final class QualityReport {

    private QualityReport() {
    }

    static Map<String, Object> all(QualityState state, GroundTruthConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", Instant.now().toString());
        Map<String, Object> models = new LinkedHashMap<>();
        new TreeMap<>(state.snapshots()).forEach((name, s) -> models.put(name, model(state, s)));
        out.put("models", models);
        out.put("join", join(state, config));
        out.put("counters", counters(state));
        if (state.snapshots().size() == 1) {
            // one model, as before repositories: its figures stay where one-model clients read them
            String only = state.snapshots().keySet().iterator().next();
            Map<String, Object> one = one(state, config, only);
            one.remove("at");
            out.putAll(one);
        }
        return out;
    }

    static Map<String, Object> one(QualityState state, GroundTruthConfig config, String name) {
        ModelSnapshot s = state.snapshot(name).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", Instant.ofEpochMilli(s.atMillis()).toString());
        out.putAll(model(state, s));
        out.put("join", join(state, config));
        Map<String, Object> counters = counters(state);
        counters.putAll(ordered("join_matched", state.matchedCount(name),
                "concept_drift_alarms", state.alarmCount(name)));
        out.put("counters", counters);
        return out;
    }

    /** One model's figures as {@code /quality} shows them (without {@code at}, join and counters); also the history event's result. */
    public static Map<String, Object> model(QualityState state, ModelSnapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", ordered("name", s.model(), "version", s.version(),
                "task", s instanceof ClassificationSnapshot ? "classification" : "regression"));
        if (s instanceof RegressionSnapshot r) {
            regression(r, out);
        } else if (s instanceof ClassificationSnapshot c) {
            classification(c, out);
        }
        long seen = state.seenCount(s.model());
        long matched = state.matchedCount(s.model());
        out.put("feedback", ordered("predictions_seen", seen, "joined", matched,
                "coverage", seen == 0 ? null : (double) matched / seen,
                "rejected_invalid_actual", state.invalidCount(s.model()),
                "pairs_since_rebuild", s.pairsSinceStart()));
        return out;
    }

    private static void regression(RegressionSnapshot s, Map<String, Object> out) {
        ConceptDriftPolicy b = s.baseline();
        DriftStatus d = s.drift();
        out.put("baseline", ordered("mae", num(b.baselineMae()), "rmse", num(b.baselineRmse()),
                "mape", num(b.baselineMape()), "abs_error_std", num(b.baselineAbsErrorStd())));
        Map<String, Object> windows = new LinkedHashMap<>();
        Map<String, Object> count = window(s.countWindow(), b);
        count.put("size", s.countWindowSize());
        windows.put("count", count);
        Map<String, Object> time = window(s.timeWindow(), b);
        time.put("seconds", s.timeWindowSeconds());
        windows.put("time", time);
        out.put("windows", windows);
        out.put("concept_drift", ordered("detected", d.detected(),
                "ratio_test", ordered("mae_ratio", num(d.maeRatio()), "rmse_ratio", num(d.rmseRatio()),
                        "threshold", d.threshold(), "alarm", d.ratioAlarm()),
                "page_hinkley", ordered("statistic", num(d.pageHinkley()), "delta", num(d.pageHinkleyDelta()),
                        "lambda", num(d.pageHinkleyLambda()), "window", b.pageHinkleyWindow(),
                        "alarm", d.pageHinkleyAlarm())));
    }

    private static void classification(ClassificationSnapshot s, Map<String, Object> out) {
        ClassificationMetrics b = s.baseline().baseline();
        Map<String, Object> perClass = new LinkedHashMap<>();
        b.perClass().forEach((label, score) -> perClass.put(label, ordered("precision", num(score.precision()),
                "recall", num(score.recall()))));
        out.put("baseline", ordered("accuracy", num(b.accuracy()), "error_rate", num(s.baseline().baselineErrorRate()),
                "macro_f1", num(b.macroF1()), "log_loss", num(b.logLoss()), "brier", null,
                "per_class", perClass, "held_out_rows", b.count()));
        Map<String, Object> windows = new LinkedHashMap<>();
        Map<String, Object> count = window(s.countWindow());
        count.put("size", s.countWindowSize());
        windows.put("count", count);
        Map<String, Object> time = window(s.timeWindow());
        time.put("seconds", s.timeWindowSeconds());
        windows.put("time", time);
        out.put("windows", windows);
        ClassificationSnapshot.Drift d = s.drift();
        Ddm.Status ddm = d.ddm();
        out.put("concept_drift", ordered("detected", d.detected(),
                "ratio_test", ordered("error_rate_ratio", num(d.errorRateRatio()), "threshold", d.threshold(),
                        "alarm", d.ratioAlarm()),
                "ddm", ordered("pairs", ddm.pairs(), "error_rate", num(ddm.errorRate()), "std", num(ddm.std()),
                        "min_error_rate", num(ddm.minErrorRate()), "min_std", num(ddm.minStd()),
                        "warning", ddm.warning(), "drifts_in_window", ddm.drifts(),
                        "window", s.baseline().ddmWindow(), "alarm", ddm.alarm())));
    }

    private static Map<String, Object> window(ClassStats w) {
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < w.labels().size(); c++) {
            perClass.put(w.labels().get(c), ordered("precision", num(w.precision(c)), "recall", num(w.recall(c))));
        }
        List<List<Long>> confusion = new ArrayList<>();
        for (long[] row : w.confusion()) {
            List<Long> r = new ArrayList<>();
            for (long v : row) {
                r.add(v);
            }
            confusion.add(r);
        }
        return ordered("pairs", w.pairs(), "accuracy", num(w.accuracy()), "error_rate", num(w.errorRate()),
                "macro_f1", num(w.macroF1()), "log_loss", num(w.logLoss()), "brier", num(w.brier()),
                "per_class", perClass, "labels", w.labels(), "confusion", confusion);
    }

    private static Map<String, Object> window(WindowStats w, ConceptDriftPolicy b) {
        return ordered("pairs", w.pairs(), "mae", num(w.mae()), "rmse", num(w.rmse()), "mape", num(w.mape()),
                "bias", num(w.bias()), "mae_ratio", num(w.mae() / b.baselineMae()),
                "rmse_ratio", num(w.rmse() / b.baselineRmse()));
    }

    private static Map<String, Object> join(QualityState state, GroundTruthConfig config) {
        Joiner.Stats j = state.joinStats();
        return ordered("pending_predictions", j.pendingPredictions(), "pending_feedback", j.pendingFeedback(),
                "matched_ids", j.matchedIds(), "tombstones", j.tombstones(), "estimated_bytes", j.estimatedBytes(),
                "replaying", state.replaying(), "retention_seconds", config.retention().toSeconds(),
                "max_pending", config.maxPending(), "pairs_kept_per_model", state.recent().keep());
    }

    /** The counts: the same values as their counters in {@code /metrics}, summed over models. */
    private static Map<String, Object> counters(QualityState state) {
        Map<String, Long> unmatched = new LinkedHashMap<>();
        for (Unmatched reason : Unmatched.values()) {
            unmatched.put(reason.label(), state.unmatchedCount(reason));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("feedback_received", state.receivedCount());
        c.put("feedback_duplicate", state.duplicateCount());
        c.put("feedback_unmatched", unmatched);
        c.put("join_matched", state.matchedCount());
        c.put("predictions_unknown_model", state.unknownModelCount());
        return c;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
