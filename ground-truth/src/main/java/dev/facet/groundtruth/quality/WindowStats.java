package dev.facet.groundtruth.quality;

/**
 * Error of the pairs in one window; every value is NaN when the window is empty.
 *
 * @param mape mean absolute percentage error as a fraction (0.07 = 7%)
 * @param bias mean error, {@code predicted - actual}
 */
public record WindowStats(long pairs, double mae, double rmse, double mape, double bias) {

    public static final WindowStats EMPTY = new WindowStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
