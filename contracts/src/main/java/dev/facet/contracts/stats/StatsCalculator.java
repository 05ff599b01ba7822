package dev.facet.contracts.stats;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Computes {@link TrainingStats} from the training rows, the model's predictions on them, and its predictions
 * on the held-out rows.
 *
 * <p>Reference sample: {@value #DEFAULT_REFERENCE_SIZE} training rows drawn uniformly without replacement with a
 * seeded {@link Random} (the same rows for every feature and for the predictions). A two-sample KS test of a
 * live window of {@code m} rows against {@code n} reference rows has effective size {@code mn/(m+n)}: with
 * m = 500 and n = 5,000 that is 455, against 494 for the full 43,152 training rows, so the sample costs
 * little power while keeping the statistics file small (about 0.4 MB).
 */
public final class StatsCalculator {

    public static final int DEFAULT_REFERENCE_SIZE = 5_000;

    private StatsCalculator() {
    }

    public static TrainingStats compute(List<LabelledDiamond> training, double[] trainingPredictions,
                                        List<LabelledDiamond> heldOut, double[] heldOutPredictions,
                                        int referenceSize, long seed) {
        if (training.size() != trainingPredictions.length || heldOut.size() != heldOutPredictions.length) {
            throw new IllegalArgumentException("one prediction per row is required");
        }
        int[] sample = sampleIndices(training.size(), Math.min(referenceSize, training.size()), seed);

        Map<String, NumericSummary> numeric = new LinkedHashMap<>();
        for (Feature f : DiamondSchema.NUMERIC) {
            double[] values = training.stream().mapToDouble(r -> r.diamond().numeric(f.name())).toArray();
            numeric.put(f.name(), NumericSummary.of(values, pick(values, sample)));
        }
        Map<String, CategoricalSummary> categorical = new LinkedHashMap<>();
        for (Feature f : DiamondSchema.CATEGORICAL) {
            List<String> values = training.stream().map(r -> r.diamond().category(f.name())).toList();
            categorical.put(f.name(), CategoricalSummary.of(f.categories(), values));
        }
        NumericSummary prediction = NumericSummary.of(trainingPredictions, pick(trainingPredictions, sample));
        String method = "uniform random sample of " + sample.length + " training rows without replacement "
                + "(java.util.Random seed " + seed + "), the same rows for every feature and for the predictions";
        return new TrainingStats(TrainingStats.FORMAT_VERSION, DiamondSchema.VERSION, training.size(), sample.length,
                method, numeric, categorical, prediction, errorBaseline(heldOut, heldOutPredictions));
    }

    static ErrorBaseline errorBaseline(List<LabelledDiamond> rows, double[] predicted) {
        double[] actual = rows.stream().mapToDouble(LabelledDiamond::price).toArray();
        RegressionMetrics all = RegressionMetrics.of(predicted, actual);
        double[] abs = new double[rows.size()];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(predicted[i] - actual[i]);
        }
        Map<String, ErrorBaseline.Group> byCut = new LinkedHashMap<>();
        for (String cut : DiamondSchema.CUT.categories()) {
            int[] idx = IntStream.range(0, rows.size())
                    .filter(i -> rows.get(i).diamond().cut().equals(cut)).toArray();
            if (idx.length > 0) {
                RegressionMetrics m = RegressionMetrics.of(pick(predicted, idx), pick(actual, idx));
                byCut.put(cut, new ErrorBaseline.Group(m.count(), m.mae(), m.rmse()));
            }
        }
        return new ErrorBaseline(all.count(), all.mae(), all.rmse(), all.mape(), all.bias(), all.r2(),
                NumericSummary.of(abs, new double[0]), byCut);
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
