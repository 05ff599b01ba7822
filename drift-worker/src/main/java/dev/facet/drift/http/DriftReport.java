package dev.facet.drift.http;

import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Distribution;
import dev.facet.drift.stats.Divergence;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureQuality;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.drift.stats.InstanceShare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code GET /drift}: the policy, then per model the windows of the version whose event came last
 * (latest evaluation with tests and data quality, and the open window's fill), and the other versions still
 * tracked. {@code GET /drift?model=NAME} is one model's part with the policy beside it.
 */
public final class DriftReport {

    private DriftReport() {
    }

    static Map<String, Object> all(DriftState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy(state));
        Map<String, Object> models = new LinkedHashMap<>();
        for (String name : state.modelNames()) {
            one(state, name).ifPresent(m -> {
                m.remove("policy");
                models.put(name, m);
            });
        }
        out.put("models", models);
        return out;
    }

    static Optional<Map<String, Object>> one(DriftState state, String name) {
        return state.model(name).map(m -> {
            Map<String, Object> out = new LinkedHashMap<>();
            String current = m.currentVersion();
            out.put("model", Map.of("name", name, "version", current));
            out.put("policy", policy(state));
            Map<String, DriftState.VersionState> versions = m.versions();
            DriftState.VersionState now = versions.get(current);
            out.put("windows", now == null ? Map.of() : windows(now));
            Map<String, Object> others = new LinkedHashMap<>();
            versions.forEach((v, s) -> {
                if (!v.equals(current)) {
                    others.put(v, Map.of("windows", windows(s)));
                }
            });
            out.put("other_versions", others);
            return out;
        });
    }

    /** The policy in force, as {@code /drift} and a report show it; also the batch report's ({@code report}). */
    public static Map<String, Object> policy(DriftState state) {
        DataDriftPolicy p = state.policy();
        InstanceShare share = state.share();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("alpha", p.alpha());
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("partitions_assigned", share.assigned());
        split.put("partitions_total", share.partitions());
        if (Double.isFinite(share.estimatedInstances())) {
            split.put("instances_estimated", share.estimatedInstances());
        }
        split.put("alpha_per_instance", share.alpha(p.alpha()));
        policy.put("alpha_split", split);
        policy.put("correction", p.correction().label());
        policy.put("min_window", p.minWindow());
        policy.put("numeric_threshold", p.numericThreshold());
        policy.put("numeric_magnitude", "wasserstein_std");
        policy.put("categorical_threshold", p.categoricalThreshold());
        policy.put("categorical_magnitude", "cohens_w");
        policy.put("dataset_share", p.datasetShare());
        policy.put("chi_square_min_expected", p.minExpected());
        policy.put("psi_bins", "numeric: deciles of the reference sample; categorical: the categories");
        policy.put("psi_moderate", Divergence.PSI_MODERATE);
        policy.put("psi_major", Divergence.PSI_MAJOR);
        policy.put("js_distance", "Jensen-Shannon distance, natural log, same bins as PSI");
        return policy;
    }

    private static Map<String, Object> windows(DriftState.VersionState v) {
        Map<String, Object> windows = new LinkedHashMap<>();
        for (String w : DriftMetrics.WINDOWS) {
            Evaluation e = v.latest(w);
            Map<String, Object> window = new LinkedHashMap<>();
            DriftState.Fill fill = v.fill(w);
            window.put("open", Map.of("events", fill.events(), "capacity", fill.capacity()));
            window.put("latest", e == null ? null : evaluation(e));
            windows.put(w, window);
        }
        return windows;
    }

    /** One window's evaluation as {@code /drift} shows it under {@code latest}; also the history event's result. */
    public static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_version", e.modelVersion());
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
        Map<String, Object> quality = new LinkedHashMap<>();
        for (FeatureQuality q : e.quality()) {
            quality.put(q.feature(), quality(q));
        }
        out.put("data_quality", quality);
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
        out.put("psi", Map.of("value", r.psi(), "band", Divergence.psiBand(r.psi())));
        out.put("js_distance", r.jsDistance());
        out.put("reference", r.reference());
        if (!r.details().isEmpty()) {
            out.put("details", r.details());
        }
        out.put("distribution", distribution(r.distribution()));
        return out;
    }

    /** The shares a report draws (issue 22's contract): a histogram's edges, or the categories in model order. */
    private static Map<String, Object> distribution(Distribution d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", d.type());
        if (d.edges() != null) {
            out.put("edges", d.edges());
        } else {
            out.put("categories", d.categories());
        }
        out.put("reference", d.reference());
        out.put("current", d.current());
        return out;
    }

    /** NaN shares (not applicable, or nothing present) are left out: JSON has no NaN. */
    private static Map<String, Object> quality(FeatureQuality q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", q.kind());
        out.put("present", q.present());
        putFinite(out, "missing_share", q.missingShare());
        putFinite(out, "reference_missing_share", q.referenceMissingShare());
        putFinite(out, "out_of_range_share", q.outOfRangeShare());
        putFinite(out, "unseen_category_share", q.unseenShare());
        return out;
    }

    private static void putFinite(Map<String, Object> out, String key, double v) {
        if (Double.isFinite(v)) {
            out.put(key, v);
        }
    }
}
