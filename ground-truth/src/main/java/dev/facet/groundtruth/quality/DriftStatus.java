package dev.facet.groundtruth.quality;

/**
 * The concept-drift verdict at one moment.
 *
 * @param maeRatio         count-window MAE / held-out MAE (NaN before the first pair)
 * @param rmseRatio        count-window RMSE / held-out RMSE
 * @param ratioAlarm       the count window is full and {@code maeRatio >= threshold}
 * @param pageHinkley      the Page-Hinkley statistic (USD) over the last {@code pageHinkleyWindow} pairs
 * @param pageHinkleyAlarm {@code pageHinkley > lambda}
 * @param detected         either test raised: the flag exported as {@code concept_drift_detected}
 */
public record DriftStatus(double maeRatio, double rmseRatio, double threshold, boolean ratioAlarm,
                          double pageHinkley, double pageHinkleyLambda, double pageHinkleyDelta,
                          boolean pageHinkleyAlarm, boolean detected) {
}
