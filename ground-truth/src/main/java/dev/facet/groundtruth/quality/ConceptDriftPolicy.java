package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.ErrorBaseline;

/**
 * The concept-drift tests and their parameters, all derived from the model bundle's held-out error.
 *
 * <p><b>Ratio test.</b> Raised when a full count window's MAE is at least {@code maeRatioThreshold} times the
 * held-out MAE. A full window is required so that a handful of early pairs cannot raise it.
 *
 * <p><b>Page-Hinkley test</b> (Page 1954; Hinkley 1971) on the absolute error {@code x = |predicted - actual|},
 * with the held-out MAE {@code mu0} as the known in-control mean (the one-sided CUSUM form):
 * {@code m_t = sum_{i<=t} (x_i - mu0 - delta)}, {@code PH_t = m_t - min_{s<=t} m_s}, alarm when
 * {@code PH_t > lambda}. The parameters:
 * <ul>
 *   <li>{@code delta = (maeRatioThreshold - 1) * mu0 / 2}: half the smallest shift of the mean we want to catch,
 *       the classical CUSUM reference value that makes the statistic drift down by {@code delta} per pair while
 *       the model is as good as on held-out data, and up by at least {@code delta} per pair once the MAE has
 *       grown by the threshold;</li>
 *   <li>{@code lambda = sigma0^2 * ln(L) / (2 * delta)}, with {@code sigma0} the standard deviation of the
 *       held-out absolute error and {@code L} the wanted false-alarm run length: for a random walk with drift
 *       {@code -delta} and variance {@code sigma0^2}, the chance of ever climbing {@code lambda} above its
 *       minimum is about {@code exp(-2 delta lambda / sigma0^2)} (Wald/Siegmund), set here to {@code 1/L}.</li>
 * </ul>
 * Memory is finite: the statistic is taken over the last {@code window} pairs only, so evidence older than that
 * is forgotten (the reset policy: an alarm clears by itself within {@code window} pairs of recovery) and the
 * value is a deterministic function of those pairs, which makes it survive a restart by replay.
 */
public record ConceptDriftPolicy(double baselineMae, double baselineRmse, double baselineMape,
                                 double baselineAbsErrorStd, double maeRatioThreshold, double delta, double lambda,
                                 int pageHinkleyWindow) {

    public static ConceptDriftPolicy from(ErrorBaseline baseline, double maeRatioThreshold,
                                          double falseAlarmRunLength, int pageHinkleyWindow) {
        if (!(baseline.mae() > 0) || !(baseline.rmse() > 0)) {
            throw new IllegalArgumentException("held-out baseline must have MAE and RMSE > 0, got MAE "
                    + baseline.mae() + ", RMSE " + baseline.rmse());
        }
        double sigma = baseline.absError() != null && baseline.absError().std() > 0
                ? baseline.absError().std()
                // the std of |e| follows from the two moments when the bundle lacks its distribution
                : Math.sqrt(Math.max(0, baseline.rmse() * baseline.rmse() - baseline.mae() * baseline.mae()));
        double delta = (maeRatioThreshold - 1) * baseline.mae() / 2;
        double lambda = sigma * sigma * Math.log(falseAlarmRunLength) / (2 * delta);
        return new ConceptDriftPolicy(baseline.mae(), baseline.rmse(), baseline.mape(), sigma, maeRatioThreshold,
                delta, lambda, pageHinkleyWindow);
    }

    /** The Page-Hinkley statistic over {@code pairs}, oldest first. */
    public double pageHinkley(Iterable<MatchedPair> pairs) {
        double m = 0;
        double min = 0;
        for (MatchedPair p : pairs) {
            m += Math.abs(p.error()) - baselineMae - delta;
            min = Math.min(min, m);
        }
        return m - min;
    }
}
