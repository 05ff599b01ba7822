package dev.facet.drift.http;

import dev.facet.drift.state.DriftState;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /drift}: the latest evaluation per window, the open windows and the policy. */
final class DriftReport {

    private DriftReport() {
    }

    static Map<String, Object> of(DriftEngine engine, DriftState state) {
        DataDriftPolicy p = engine.policy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", Map.of("name", engine.reference().modelName(), "version", engine.reference().modelVersion()));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("alpha", p.alpha());
        policy.put("correction", p.correction().label());
        policy.put("min_window", p.minWindow());
        policy.put("numeric_threshold", p.numericThreshold());
        policy.put("numeric_magnitude", "wasserstein_std");
        policy.put("categorical_threshold", p.categoricalThreshold());
        policy.put("categorical_magnitude", "cohens_w");
        policy.put("dataset_share", p.datasetShare());
        policy.put("chi_square_min_expected", p.minExpected());
        out.put("policy", policy);
        Map<String, Object> windows = new LinkedHashMap<>();
        for (String w : DriftMetrics.WINDOWS) {
            Evaluation e = state.latest(w);
            Map<String, Object> window = new LinkedHashMap<>();
            DriftState.Fill fill = state.fill(w);
            window.put("open", Map.of("events", fill.events(), "capacity", fill.capacity()));
            window.put("latest", e == null ? null : evaluation(e));
            windows.put(w, window);
        }
        out.put("windows", windows);
        return out;
    }

    private static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluated_at", e.evaluatedAt().toString());
        out.put("size", e.size());
        out.put("verdict", e.verdict());
        if (!e.verdict()) {
            out.put("reason", e.reason());
        }
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("first_event_time", e.firstEventTime() == null ? null : e.firstEventTime().toString());
        bounds.put("last_event_time", e.lastEventTime() == null ? null : e.lastEventTime().toString());
        Map<String, Object> offsets = new LinkedHashMap<>();
        e.offsets().forEach((partition, range) -> offsets.put(Integer.toString(partition),
                Map.of("first", range[0], "last", range[1])));
        bounds.put("offsets", offsets);
        out.put("bounds", bounds);
        if (e.verdict()) {
            out.put("dataset_drift", e.datasetDrift());
            out.put("drifted_features", e.drifted());
            out.put("drifted_share", e.driftedShare());
            out.put("dataset_share_threshold", e.datasetShare());
            Map<String, Object> features = new LinkedHashMap<>();
            for (FeatureResult r : e.features()) {
                features.put(r.feature(), feature(r));
            }
            out.put("features", features);
        }
        return out;
    }

    private static Map<String, Object> feature(FeatureResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", r.kind());
        out.put("test", r.test());
        out.put("statistic", r.statistic());
        out.put("p_value", r.pValue());
        out.put("adjusted_p_value", r.adjustedPValue());
        out.put("alpha", r.alpha());
        out.put("significant", r.significant());
        out.put("magnitude", Map.of("measure", r.magnitudeMeasure(), "value", r.magnitude(),
                "threshold", r.magnitudeThreshold()));
        out.put("drifted", r.drifted());
        out.put("reference", r.reference());
        if (!r.details().isEmpty()) {
            out.put("details", r.details());
        }
        return out;
    }

    /** For tests and logs: the features of an evaluation by name. */
    static List<String> names(Evaluation e) {
        return e.features().stream().map(FeatureResult::feature).toList();
    }
}
