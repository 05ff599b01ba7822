package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.ClassificationMetrics;

/**
 * A classifier's held-out baseline (the model card's {@link ClassificationMetrics}) and its concept-drift tests.
 *
 * <p><b>Ratio test on the error rate</b>, the classifier's form of the regressors' MAE ratio: raised when a full
 * count window's error rate is at least {@code ratioThreshold} times the held-out error rate <em>and</em> the
 * window's errors exceed what the held-out rate explains by more than three binomial standard deviations
 * ({@code errors >= n p0 + 3 sqrt(n p0 (1 - p0))}). The second condition matters for accurate classifiers: at a
 * held-out error rate of 3%, a 500-pair window's error rate has a standard deviation of 0.76 points, so 1.25 times
 * the rate alone would be crossed by chance in about one window in six. The held-out rate is floored at
 * {@code 0.5 / heldOutCount}, since a perfect held-out score does not mean a live error rate of zero.
 *
 * <p><b>DDM</b> ({@link Ddm}) on the 0/1 error stream of the last {@code ddmWindow} pairs, its reference
 * floored at the held-out error rate.
 *
 * <p>The card holds no held-out Brier score, so the Brier baseline is NaN (shown as null) until trainers write it.
 */
public record ClassificationPolicy(ClassificationMetrics baseline, double baselineErrorRate, double ratioThreshold,
                                   int ddmWindow) {

    public static ClassificationPolicy from(ClassificationMetrics baseline, double ratioThreshold, int ddmWindow) {
        double p0 = Math.max(1 - baseline.accuracy(), 0.5 / Math.max(1, baseline.count()));
        return new ClassificationPolicy(baseline, p0, ratioThreshold, ddmWindow);
    }

    /** Whether {@code errors} of {@code n} pairs fail the ratio test (the caller checks the window is full). */
    public boolean ratioAlarm(long errors, long n) {
        double rate = (double) errors / n;
        double excess = n * baselineErrorRate + 3 * Math.sqrt(n * baselineErrorRate * (1 - baselineErrorRate));
        return rate >= ratioThreshold * baselineErrorRate && errors >= excess;
    }
}
