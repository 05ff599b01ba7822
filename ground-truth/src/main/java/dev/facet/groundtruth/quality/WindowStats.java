package dev.facet.groundtruth.quality;

/**
 * Error of the pairs in one regression window; every mean is NaN when the window is empty. The sums are the
 * window's additive state: summed over instances they give the exact global figures (MAE = sumAbs / pairs,
 * RMSE = sqrt(sumSq / pairs)).
 *
 * @param mape mean absolute percentage error as a fraction (0.07 = 7%)
 * @param bias mean error, {@code predicted - actual}
 */
public record WindowStats(long pairs, double mae, double rmse, double mape, double bias, double sumAbs,
                          double sumSq, double sumErr, double sumPct) {

    public static final WindowStats EMPTY = new WindowStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            0, 0, 0, 0);
}
