package dev.facet.contracts.stats;

/**
 * Held-out regression metrics computed directly from predicted and actual values.
 * Errors are {@code predicted - actual}; MAPE is a fraction.
 */
public record RegressionMetrics(long count, double mae, double rmse, double mape, double bias, double r2) {

    public static RegressionMetrics of(double[] predicted, double[] actual) {
        int n = predicted.length;
        if (n == 0 || n != actual.length) {
            throw new IllegalArgumentException("need equal, non-empty arrays, got " + n + " and " + actual.length);
        }
        double abs = 0, sq = 0, pct = 0, err = 0, mean = 0;
        for (int i = 0; i < n; i++) {
            double e = predicted[i] - actual[i];
            abs += Math.abs(e);
            sq += e * e;
            pct += Math.abs(e) / actual[i];
            err += e;
            mean += actual[i];
        }
        mean /= n;
        double total = 0;
        for (double a : actual) {
            total += (a - mean) * (a - mean);
        }
        return new RegressionMetrics(n, abs / n, Math.sqrt(sq / n), pct / n, err / n, 1 - sq / total);
    }
}
