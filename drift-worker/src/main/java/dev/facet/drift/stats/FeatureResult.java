package dev.facet.drift.stats;

import java.util.Map;

/**
 * One feature's (or output's) test in one window.
 *
 * @param kind              {@code numeric}, {@code categorical} or {@code prediction}
 * @param test              {@code ks} or {@code chi_square}
 * @param adjustedPValue    after the window's multiple-testing correction; significant when {@code <= alpha}
 * @param magnitude         Wasserstein-1 / training std, or Cohen's w
 * @param drifted           significant and magnitude above its threshold
 * @param psi               population stability index over the reference bins ({@link Divergence})
 * @param jsDistance        Jensen-Shannon distance over the same bins
 * @param reference         summary of the reference it was compared with
 * @param details           test-specific facts (chi-square: degrees of freedom and merged bins)
 * @param distribution      the reference's and the window's shares over common bins, for a report to draw
 */
public record FeatureResult(String feature, String kind, String test, double statistic, double pValue,
                            double adjustedPValue, double alpha, boolean significant, String magnitudeMeasure,
                            double magnitude, double magnitudeThreshold, boolean drifted, double psi,
                            double jsDistance, Map<String, Object> reference, Map<String, Object> details,
                            Distribution distribution) {
}
