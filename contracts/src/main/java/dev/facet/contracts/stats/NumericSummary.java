package dev.facet.contracts.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary of one numeric column of the training data (or of the model's predictions or errors):
 * count, min, max, mean, sample standard deviation, quantiles, and a sorted reference sample for the
 * two-sample Kolmogorov-Smirnov test the drift-worker runs against live windows.
 *
 * <p>Quantiles use linear interpolation between order statistics (Hyndman and Fan type 7, the default of R
 * and NumPy), keyed by probability as a string ({@code "0.5"}).
 *
 * @param referenceSample sorted values of a seeded uniform random sample of the rows, without replacement;
 *                        empty where no test needs one
 */
public record NumericSummary(long count, double min, double max, double mean, double std,
                             Map<String, Double> quantiles, double[] referenceSample) {

    /** The probabilities every summary reports. */
    public static final double[] PROBABILITIES = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99};

    public NumericSummary {
        quantiles = Map.copyOf(quantiles);
        referenceSample = referenceSample == null ? new double[0] : referenceSample.clone();
    }

    /** Summarise {@code values}; {@code sample} (may be empty) becomes the sorted reference sample. */
    public static NumericSummary of(double[] values, double[] sample) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot summarise an empty column");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / sorted.length;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double std = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0;
        Map<String, Double> q = new LinkedHashMap<>();
        for (double p : PROBABILITIES) {
            q.put(Double.toString(p), quantile(sorted, p));
        }
        double[] ref = sample.clone();
        Arrays.sort(ref);
        return new NumericSummary(sorted.length, sorted[0], sorted[sorted.length - 1], mean, std, q, ref);
    }

    /** Type-7 quantile of already sorted values. */
    public static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public double quantile(double p) {
        Double q = quantiles.get(Double.toString(p));
        if (q == null) {
            throw new IllegalArgumentException("no quantile " + p + " in summary; have " + quantiles.keySet());
        }
        return q;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericSummary s && count == s.count && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && Double.compare(mean, s.mean) == 0
                && Double.compare(std, s.std) == 0 && quantiles.equals(s.quantiles)
                && Arrays.equals(referenceSample, s.referenceSample);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Double.hashCode(mean) * 17 + Arrays.hashCode(referenceSample);
    }

    @Override
    public String toString() {
        return "NumericSummary[count=" + count + ", min=" + min + ", max=" + max + ", mean=" + mean
                + ", std=" + std + ", quantiles=" + quantiles + ", referenceSample=" + referenceSample.length + " values]";
    }
}
