package dev.facet.contracts.stats;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Computes {@link TrainingStats} from the training rows, the model's predictions on them, and its predictions
 * on the held-out rows. Rows are the model's input vectors in the schema's feature order: a numeric value, a
 * category's 1-based position in the schema's list, or NaN where the value is missing.
 *
 * <p>Reference sample: {@value #DEFAULT_REFERENCE_SIZE} training rows drawn uniformly without replacement with a
 * seeded {@link Random} (the same rows for every feature and for the predictions; a feature missing on some of
 * them contributes the values it has). A two-sample KS test of a live window of {@code m} rows against
 * {@code n} reference rows has effective size {@code mn/(m+n)}: with m = 500 and n = 5,000 that is 455, against
 * 494 for the full 43,152 diamonds training rows, so the sample costs little power while keeping the
 * statistics file small.
 */
public final class StatsCalculator {

    public static final int DEFAULT_REFERENCE_SIZE = 5_000;

    private StatsCalculator() {
    }

    /** The diamonds regressor's statistics, as {@link #regression} computes them for the diamonds schema. */
    public static TrainingStats compute(List<LabelledDiamond> training, double[] trainingPredictions,
                                        List<LabelledDiamond> heldOut, double[] heldOutPredictions,
                                        int referenceSize, long seed) {
        return regression(DiamondSchema.MODEL_SCHEMA, vectors(training), trainingPredictions, vectors(heldOut),
                heldOut.stream().mapToDouble(LabelledDiamond::price).toArray(), heldOutPredictions, referenceSize,
                seed);
    }

    /**
     * A regressor's statistics. The held-out error is also broken down by the schema's first categorical
     * feature (cut, for diamonds), when it has one, for the per-group quality panels.
     */
    public static TrainingStats regression(ModelSchema schema, double[][] training, double[] trainingPredictions,
                                           double[][] heldOut, double[] heldOutActual, double[] heldOutPredictions,
                                           int referenceSize, long seed) {
        if (training.length != trainingPredictions.length || heldOut.length != heldOutPredictions.length
                || heldOut.length != heldOutActual.length) {
            throw new IllegalArgumentException("one prediction per row is required");
        }
        int[] sample = sampleIndices(training.length, Math.min(referenceSize, training.length), seed);
        Features f = features(schema, training, sample);
        NumericSummary prediction = NumericSummary.of(trainingPredictions, pick(trainingPredictions, sample));
        return new TrainingStats(TrainingStats.FORMAT_VERSION, ModelSchema.VERSION, training.length, sample.length,
                method(sample.length, seed), f.numeric, f.categorical, prediction,
                errorBaseline(schema, heldOut, heldOutActual, heldOutPredictions), f.missingShare, null, null, null);
    }

    /**
     * A classifier's statistics.
     *
     * @param trainingPredicted      index (into the schema's labels) of the label predicted for each training row
     * @param trainingTopProbability the probability of that label
     * @param heldOut                the held-out metrics
     */
    public static TrainingStats classification(ModelSchema schema, double[][] training, int[] trainingPredicted,
                                               double[] trainingTopProbability, ClassificationMetrics heldOut,
                                               int referenceSize, long seed) {
        if (!(schema.task() instanceof Task.Classification task)) {
            throw new IllegalArgumentException("the schema's task is " + schema.task() + ", not a classification");
        }
        if (training.length != trainingPredicted.length || training.length != trainingTopProbability.length) {
            throw new IllegalArgumentException("one prediction per row is required");
        }
        int[] sample = sampleIndices(training.length, Math.min(referenceSize, training.length), seed);
        Features f = features(schema, training, sample);
        List<String> predicted = Arrays.stream(trainingPredicted).mapToObj(task.labels()::get).toList();
        return new TrainingStats(TrainingStats.FORMAT_VERSION, ModelSchema.VERSION, training.length, sample.length,
                method(sample.length, seed), f.numeric, f.categorical, null, null, f.missingShare,
                CategoricalSummary.of(task.labels(), predicted),
                NumericSummary.of(trainingTopProbability, pick(trainingTopProbability, sample)), heldOut);
    }

    private record Features(Map<String, NumericSummary> numeric, Map<String, CategoricalSummary> categorical,
                            Map<String, Double> missingShare) {
    }

    private static Features features(ModelSchema schema, double[][] training, int[] sample) {
        Map<String, NumericSummary> numeric = new LinkedHashMap<>();
        Map<String, CategoricalSummary> categorical = new LinkedHashMap<>();
        Map<String, Double> missing = new LinkedHashMap<>();
        for (int j = 0; j < schema.features().size(); j++) {
            Feature f = schema.features().get(j);
            int column = j;
            double[] values = Arrays.stream(training).mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v))
                    .toArray();
            missing.put(f.name(), training.length == 0 ? 0 : (double) (training.length - values.length) / training.length);
            if (values.length == 0) {
                continue; // never present in training: nothing to compare live traffic with
            }
            if (f.isNumeric()) {
                double[] ref = Arrays.stream(sample).mapToDouble(i -> training[i][column])
                        .filter(v -> !Double.isNaN(v)).toArray();
                numeric.put(f.name(), NumericSummary.of(values, ref));
            } else {
                List<String> names = Arrays.stream(values).mapToObj(v -> category(f, v)).toList();
                categorical.put(f.name(), CategoricalSummary.of(f.categories(), names));
            }
        }
        return new Features(numeric, categorical, missing);
    }

    private static String category(Feature f, double ordinal) {
        int i = (int) ordinal - 1;
        if (i < 0 || i >= f.categories().size() || i + 1 != ordinal) {
            throw new IllegalArgumentException("feature '" + f.name() + "': " + ordinal
                    + " is not the position of one of its categories " + f.categories());
        }
        return f.categories().get(i);
    }

    private static String method(int size, long seed) {
        return "uniform random sample of " + size + " training rows without replacement "
                + "(java.util.Random seed " + seed + "), the same rows for every feature and for the predictions";
    }

    static ErrorBaseline errorBaseline(ModelSchema schema, double[][] rows, double[] actual, double[] predicted) {
        RegressionMetrics all = RegressionMetrics.of(predicted, actual);
        double[] abs = new double[rows.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(predicted[i] - actual[i]);
        }
        Map<String, ErrorBaseline.Group> byGroup = new LinkedHashMap<>();
        int column = IntStream.range(0, schema.features().size())
                .filter(j -> !schema.features().get(j).isNumeric()).findFirst().orElse(-1);
        if (column >= 0) {
            List<String> categories = schema.features().get(column).categories();
            for (int c = 0; c < categories.size(); c++) {
                double ordinal = c + 1;
                int[] idx = IntStream.range(0, rows.length).filter(i -> rows[i][column] == ordinal).toArray();
                if (idx.length > 0) {
                    RegressionMetrics m = RegressionMetrics.of(pick(predicted, idx), pick(actual, idx));
                    byGroup.put(categories.get(c), new ErrorBaseline.Group(m.count(), m.mae(), m.rmse()));
                }
            }
        }
        return new ErrorBaseline(all.count(), all.mae(), all.rmse(), all.mape(), all.bias(), all.r2(),
                NumericSummary.of(abs, new double[0]), byGroup);
    }

    private static double[][] vectors(List<LabelledDiamond> rows) {
        return rows.stream().map(r -> r.diamond().toVector()).toArray(double[][]::new);
    }

    /** {@code k} distinct indices of {@code 0..n-1}, uniformly, by a seeded partial Fisher-Yates shuffle. */
    static int[] sampleIndices(int n, int k, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] picked = Arrays.copyOf(all, k);
        Arrays.sort(picked);
        return picked;
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** Convenience for callers that want the training rows of a split. */
    public static List<LabelledDiamond> rows(List<LabelledDiamond> all, int[] indices) {
        List<LabelledDiamond> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }
}
