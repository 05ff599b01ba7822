package dev.facet.drift.stats;

/**
 * When a window counts as data drift: the decision rule of {@link DriftEngine} over the window's ten tests
 * (see the module README for the reasoning behind each default). Concept drift, judged on actual prices, is
 * the ground-truth service's.
 *
 * @param minWindow           no verdict for a window with fewer events (KS is noise on tiny samples)
 * @param alpha               significance level for the corrected p-values of one window
 * @param correction          multiple-testing correction over the window's ten tests
 * @param numericThreshold    minimum Wasserstein-1 / training std for a numeric feature or the prediction to
 *                            count as drifted (KS flags trivial shifts on large windows otherwise)
 * @param categoricalThreshold minimum Cohen's w for a categorical feature to count as drifted
 * @param datasetShare        dataset drift when the share of drifted tests is at least this
 * @param minExpected         chi-square: merge categories until every expected count reaches this
 */
public record DataDriftPolicy(int minWindow, double alpha, Correction correction, double numericThreshold,
                              double categoricalThreshold, double datasetShare, double minExpected) {

    public DataDriftPolicy {
        if (minWindow < KolmogorovSmirnov.MIN_WINDOW) {
            throw new IllegalArgumentException("minWindow must be >= " + KolmogorovSmirnov.MIN_WINDOW + ", got " + minWindow);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(datasetShare > 0 && datasetShare <= 1)) {
            throw new IllegalArgumentException("datasetShare must be in (0, 1], got " + datasetShare);
        }
    }

    /** The defaults of drift-worker-defaults.json. */
    public static DataDriftPolicy defaults() {
        return new DataDriftPolicy(200, 0.01, Correction.BONFERRONI, 0.1, 0.1, 0.1, 5);
    }
}
