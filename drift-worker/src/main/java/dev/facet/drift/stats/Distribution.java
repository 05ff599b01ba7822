package dev.facet.drift.stats;

import dev.facet.contracts.stats.NumericSummary;

import java.util.List;

/**
 * What a report draws for one tested column: the reference's shares against the window's, over the same bins.
 * Drawn, never judged: the verdict stays the test's ({@link DriftEngine}).
 *
 * <ul>
 *   <li>a number ({@link #HISTOGRAM}): {@value #BINS} equal-width bins over {@code [lo, hi]}, the union of the
 *       reference sample's and the window's 0.5th..99.5th percentiles (type-7), so one far outlier cannot squeeze
 *       every other value into one bin, while a shifted window still gets bins of its own beside the reference's.
 *       A value outside {@code [lo, hi]} is counted in the end bin on its side, so the shares are of all present
 *       values and sum to 1. Bin {@code i} is {@code [edges[i], edges[i+1])}, the last one closed;</li>
 *   <li>a category or a predicted label ({@link #CATEGORIES}): the model's categories in schema order, the
 *       training frequencies against the window's shares (values outside the schema are not among them: the
 *       data-quality share of unseen categories counts those).</li>
 * </ul>
 *
 * @param edges      {@code BINS + 1} edges of a histogram; null for categories
 * @param categories the categories; null for a histogram
 */
public record Distribution(String type, double[] edges, List<String> categories, double[] reference,
                           double[] current) {

    public static final String HISTOGRAM = "histogram";
    public static final String CATEGORIES = "categories";
    /** Bins of a numeric histogram: enough to show a shape, few enough to read on a page. */
    public static final int BINS = 20;
    private static final double LOW = 0.005;
    private static final double HIGH = 0.995;

    /**
     * The histogram of two sorted samples, neither empty. Cost: four quantile look-ups and a binary search per
     * inner edge in each sample, so {@code O(BINS log n)}: nothing beside the KS merge that sorted them.
     */
    public static Distribution histogram(double[] sortedReference, double[] sortedWindow) {
        double lo = Math.min(NumericSummary.quantile(sortedReference, LOW), NumericSummary.quantile(sortedWindow, LOW));
        double hi = Math.max(NumericSummary.quantile(sortedReference, HIGH),
                NumericSummary.quantile(sortedWindow, HIGH));
        if (!(hi > lo)) {
            // 99% of both samples on one value: a unit-wide range around it still gives bins to draw
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[BINS + 1];
        for (int i = 0; i < BINS; i++) {
            edges[i] = lo + (hi - lo) * i / BINS;
        }
        edges[BINS] = hi;
        return new Distribution(HISTOGRAM, edges, null, shares(edges, sortedReference), shares(edges, sortedWindow));
    }

    /** Training frequencies against the window's counts, category by category. */
    public static Distribution categories(List<String> categories, double[] referenceFrequencies, long[] counts) {
        return new Distribution(CATEGORIES, null, List.copyOf(categories), referenceFrequencies.clone(),
                Divergence.shares(counts));
    }

    /** Shares of a sorted sample per bin; bin 0 takes everything below edge 1, the last everything from its start. */
    static double[] shares(double[] edges, double[] sorted) {
        int bins = edges.length - 1;
        double[] out = new double[bins];
        int previous = 0;
        for (int b = 0; b < bins - 1; b++) {
            int below = lowerBound(sorted, edges[b + 1]);
            out[b] = (double) (below - previous) / sorted.length;
            previous = below;
        }
        out[bins - 1] = (double) (sorted.length - previous) / sorted.length;
        return out;
    }

    /** Index of the first element not less than {@code value} in a sorted array. */
    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
