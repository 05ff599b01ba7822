package dev.facet.drift.stats;

import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.stats.CategoricalSummary;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.TrainingStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What live windows are compared with, taken from the model bundle's {@link TrainingStats}:
 * <ul>
 *   <li>numeric features and the predictions: the sorted 5,000-value reference sample (a seeded uniform
 *       sample of training rows) and the training standard deviation (to normalise Wasserstein-1);</li>
 *   <li>categorical features: the training frequency of every schema category.</li>
 * </ul>
 * The KS test is therefore a two-sample test against 5,000 values, not against the full training column: its
 * effective size {@code mn/(m+n)} is 455 at m = 500 instead of 494, and the reference sample's own noise is
 * part of the test's null distribution (which the two-sample test accounts for). Immutable.
 */
public record Reference(String modelName, String modelVersion, List<NumericColumn> numeric,
                        List<CategoricalColumn> categorical, NumericColumn prediction) {

    /** Name of the prediction "feature" in results and metric labels. */
    public static final String PREDICTION = "prediction";

    /** A numeric reference: sorted sample and summary. */
    public record NumericColumn(String name, double[] sortedSample, double std, NumericSummary summary) {
        public NumericColumn {
            if (sortedSample.length == 0) {
                throw new IllegalArgumentException("reference sample of " + name + " is empty: the bundle's "
                        + "training-stats.json has no reference_sample for it");
            }
            if (!(std > 0)) {
                throw new IllegalArgumentException("training std of " + name + " must be > 0, got " + std);
            }
        }
    }

    /** A categorical reference: categories in schema order and their training frequencies. */
    public record CategoricalColumn(String name, List<String> categories, double[] frequencies) {
    }

    public Reference {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    public static Reference from(String modelName, String modelVersion, TrainingStats stats) {
        List<NumericColumn> numeric = new ArrayList<>();
        for (Feature f : DiamondSchema.NUMERIC) {
            NumericSummary s = stats.numeric().get(f.name());
            if (s == null) {
                throw new IllegalArgumentException("training stats have no numeric summary for " + f.name());
            }
            numeric.add(new NumericColumn(f.name(), s.referenceSample(), s.std(), s));
        }
        List<CategoricalColumn> categorical = new ArrayList<>();
        for (Feature f : DiamondSchema.CATEGORICAL) {
            CategoricalSummary s = stats.categorical().get(f.name());
            if (s == null) {
                throw new IllegalArgumentException("training stats have no categorical summary for " + f.name());
            }
            double[] freq = new double[f.categories().size()];
            for (int c = 0; c < freq.length; c++) {
                freq[c] = s.frequencies().getOrDefault(f.categories().get(c), 0.0);
            }
            categorical.add(new CategoricalColumn(f.name(), f.categories(), freq));
        }
        NumericSummary p = stats.prediction();
        return new Reference(modelName, modelVersion, numeric, categorical,
                new NumericColumn(PREDICTION, p.referenceSample(), p.std(), p));
    }

    /** A short description for {@code GET /drift}: sample size, mean, std and a few quantiles. */
    public static Map<String, Object> summary(NumericColumn c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sample_size", c.sortedSample().length);
        out.put("training_rows", c.summary().count());
        out.put("mean", c.summary().mean());
        out.put("std", c.std());
        out.put("p05", c.summary().quantile(0.05));
        out.put("p50", c.summary().quantile(0.5));
        out.put("p95", c.summary().quantile(0.95));
        return out;
    }

    public static Map<String, Object> summary(CategoricalColumn c) {
        Map<String, Object> freq = new LinkedHashMap<>();
        for (int i = 0; i < c.categories().size(); i++) {
            freq.put(c.categories().get(i), c.frequencies()[i]);
        }
        return Map.of("frequencies", freq);
    }
}
