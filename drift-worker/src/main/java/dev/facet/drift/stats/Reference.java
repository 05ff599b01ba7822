package dev.facet.drift.stats;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.CategoricalSummary;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.TrainingStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What live windows of one model version are compared with, taken from its bundle: the features from
 * {@code schema.json}, the statistics from {@code training-stats.json} ({@link TrainingStats}). No feature name is
 * known here: the columns are the schema's, in schema order.
 * <ul>
 *   <li>numeric features, a regressor's predictions, a classifier's top-class probability: the sorted reference
 *       sample (a seeded uniform sample of training rows, usually 5,000), the training standard deviation (to
 *       normalise Wasserstein-1), the training min and max (out-of-range share) and the sample's decile bins
 *       (PSI, Jensen-Shannon);</li>
 *   <li>categorical features and a classifier's predicted label: the training frequency of every schema
 *       category (label), in schema order;</li>
 *   <li>every feature: the share of training rows where it was missing.</li>
 * </ul>
 * A column without usable statistics (never present in training, constant, no reference sample) gets no drift
 * test ({@code testable() == false}) but still its data-quality shares. The KS test is a two-sample test against
 * the reference sample: its effective size {@code mn/(m+n)} is 455 at m = 500 and n = 5,000 instead of 494
 * against 43,000 rows, and the sample's own noise is part of the test's null distribution. Immutable.
 *
 * @param predictedLabel a classifier's predicted-label mix (reference: the labels it predicted on the training
 *                       rows, {@link TrainingStats#predictedLabels()}); null for a regressor
 * @param prediction     a regressor's prediction, or a classifier's top-class probability; null when the
 *                       bundle has no such statistics
 */
public record Reference(String modelName, String modelVersion, ModelSchema schema, List<NumericColumn> numeric,
                        List<CategoricalColumn> categorical, NumericColumn prediction,
                        CategoricalColumn predictedLabel) {

    /** Name of a regressor's prediction, and of a classifier's predicted label, in results and metric labels. */
    public static final String PREDICTION = "prediction";
    /** Name of a classifier's top-class probability in results and metric labels. */
    public static final String TOP_PROBABILITY = "top_probability";

    /**
     * A numeric reference.
     *
     * @param summary       the training summary, or null when the feature was never present in training
     * @param missingShare  share of training rows without a value (0 for outputs)
     */
    public record NumericColumn(String name, String kind, NumericSummary summary, double missingShare,
                                double[] binEdges, double[] binShares) {

        static NumericColumn of(String name, String kind, NumericSummary summary, double missingShare) {
            if (summary == null || summary.referenceSample().length == 0) {
                return new NumericColumn(name, kind, summary, missingShare, new double[0], new double[] {1});
            }
            double[] sample = summary.referenceSample();
            double[] edges = Divergence.decileEdges(sample);
            return new NumericColumn(name, kind, summary, missingShare, edges, Divergence.shares(edges, sample));
        }

        /** Whether the column can be tested: a reference sample with spread. */
        public boolean testable() {
            return summary != null && summary.referenceSample().length > 0 && summary.std() > 0;
        }

        public double[] sortedSample() {
            return summary.referenceSample();
        }

        public double std() {
            return summary.std();
        }
    }

    /**
     * A categorical reference.
     *
     * @param frequencies training frequency per category in schema order; all zero when never present
     * @param observed    whether the training rows had the feature at all (else no test)
     */
    public record CategoricalColumn(String name, String kind, List<String> categories, double[] frequencies,
                                    boolean observed, double missingShare) {

        public boolean testable() {
            return observed && categories.size() > 1;
        }
    }

    public Reference {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    /** The reference of a bundle: its schema and its statistics. */
    public static Reference of(String modelName, String modelVersion, ModelSchema schema, TrainingStats stats) {
        Map<String, Double> missing = stats.missingShare() == null ? Map.of() : stats.missingShare();
        List<NumericColumn> numeric = new ArrayList<>();
        List<CategoricalColumn> categorical = new ArrayList<>();
        for (Feature f : schema.features()) {
            double missingShare = missing.getOrDefault(f.name(), 0.0);
            if (f.isNumeric()) {
                numeric.add(NumericColumn.of(f.name(), "numeric", stats.numeric().get(f.name()), missingShare));
            } else {
                categorical.add(categorical(f.name(), "categorical", f.categories(),
                        stats.categorical().get(f.name()), missingShare));
            }
        }
        NumericColumn prediction;
        CategoricalColumn label = null;
        if (schema.task() instanceof Task.Classification c) {
            label = categorical(PREDICTION, PREDICTION, c.labels(), stats.predictedLabels(), 0);
            prediction = stats.topProbability() == null ? null
                    : NumericColumn.of(TOP_PROBABILITY, PREDICTION, stats.topProbability(), 0);
        } else {
            prediction = stats.prediction() == null ? null
                    : NumericColumn.of(PREDICTION, PREDICTION, stats.prediction(), 0);
        }
        return new Reference(modelName, modelVersion, schema, numeric, categorical, prediction, label);
    }

    private static CategoricalColumn categorical(String name, String kind, List<String> categories,
                                                 CategoricalSummary s, double missingShare) {
        double[] freq = new double[categories.size()];
        for (int c = 0; s != null && c < freq.length; c++) {
            freq[c] = s.frequencies().getOrDefault(categories.get(c), 0.0);
        }
        return new CategoricalColumn(name, kind, categories, freq, s != null && s.count() > 0, missingShare);
    }

    public boolean isClassification() {
        return predictedLabel != null;
    }

    /** A short description for {@code GET /drift}: sample size, mean, std, a few quantiles and the PSI bins. */
    public static Map<String, Object> summary(NumericColumn c) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (c.summary() == null) {
            out.put("training_rows", 0);
            return out;
        }
        out.put("sample_size", c.summary().referenceSample().length);
        out.put("training_rows", c.summary().count());
        out.put("mean", c.summary().mean());
        out.put("std", c.summary().std());
        out.put("min", c.summary().min());
        out.put("max", c.summary().max());
        out.put("p05", c.summary().quantile(0.05));
        out.put("p50", c.summary().quantile(0.5));
        out.put("p95", c.summary().quantile(0.95));
        out.put("missing_share", c.missingShare());
        out.put("psi_bin_edges", c.binEdges());
        return out;
    }

    public static Map<String, Object> summary(CategoricalColumn c) {
        Map<String, Object> freq = new LinkedHashMap<>();
        for (int i = 0; i < c.categories().size(); i++) {
            freq.put(c.categories().get(i), c.frequencies()[i]);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("frequencies", freq);
        out.put("missing_share", c.missingShare());
        return out;
    }
}
