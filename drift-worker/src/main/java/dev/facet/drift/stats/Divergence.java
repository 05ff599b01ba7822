package dev.facet.drift.stats;

import dev.facet.contracts.stats.NumericSummary;

import java.util.Arrays;

/**
 * The two magnitudes other monitoring tools report, so that users can compare our figures with theirs: the
 * population stability index (PSI) and the Jensen-Shannon distance, both over binned shares. Neither is the
 * verdict (KS and chi-square with the multiple-testing correction are; see {@link DriftEngine}): they come with
 * no p-value, and a fixed threshold on them flags trivial shifts on big windows and misses real ones on small.
 *
 * <p>Bins: for a numeric feature, the deciles of the reference sample ({@link #decileEdges}), so each bin holds
 * about a tenth of the training rows (ties merge edges: a heavily tied feature gets fewer, unequal bins); for a
 * categorical feature or a predicted label, its categories.
 *
 * <ul>
 *   <li>PSI {@code = sum (a - e) ln(a / e)} over bins with window share {@code a} and reference share {@code e},
 *       each share floored at {@value #FLOOR} first so that an empty bin gives a finite value (Evidently's
 *       {@code psi} test uses the same floor). Credit-scoring convention (Siddiqi, <i>Credit Risk
 *       Scorecards</i>, 2006; Yurdakul, <i>Statistical properties of the population stability index</i>, 2018):
 *       below 0.1 no significant change, 0.1 to 0.25 a moderate shift, above 0.25 a major shift.</li>
 *   <li>Jensen-Shannon distance {@code sqrt(JS divergence)} with the natural logarithm, as SciPy's
 *       {@code scipy.spatial.distance.jensenshannon} computes it by default: 0 for equal shares, at most
 *       {@code sqrt(ln 2)} = 0.833 for disjoint ones; symmetric, and finite with empty bins, so no floor. Evidently
 *       flags drift at 0.1 by default.</li>
 * </ul>
 * Stateless.
 */
public final class Divergence {

    /** Smallest share a PSI term sees. */
    public static final double FLOOR = 1e-4;
    /** PSI at or above this is a moderate shift (convention above). */
    public static final double PSI_MODERATE = 0.1;
    /** PSI at or above this is a major shift. */
    public static final double PSI_MAJOR = 0.25;

    private Divergence() {
    }

    /** PSI of window shares {@code actual} against reference shares {@code expected}, same bins. */
    public static double psi(double[] expected, double[] actual) {
        check(expected, actual);
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], FLOOR);
            double a = Math.max(actual[i], FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** The band of a PSI value by the convention in the class comment. */
    public static String psiBand(double psi) {
        return psi >= PSI_MAJOR ? "major" : psi >= PSI_MODERATE ? "moderate" : "none";
    }

    /** Jensen-Shannon distance (natural log) between two share vectors over the same bins. */
    public static double jensenShannon(double[] p, double[] q) {
        check(p, q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += term(p[i], m) + term(q[i], m);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    private static double term(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m); // 0 ln 0 = 0
    }

    /**
     * Inner bin edges at the deciles (type-7 quantiles 0.1 .. 0.9) of a sorted reference sample, duplicates
     * removed: bins are {@code (-inf, e0], (e0, e1], ..., (ek, +inf)}.
     */
    public static double[] decileEdges(double[] sortedReference) {
        double[] edges = new double[9];
        for (int i = 0; i < 9; i++) {
            edges[i] = NumericSummary.quantile(sortedReference, (i + 1) / 10.0);
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    /** The share of a sorted sample in each bin of {@code edges} (length {@code edges.length + 1}). */
    public static double[] shares(double[] edges, double[] sorted) {
        double[] out = new double[edges.length + 1];
        int previous = 0;
        for (int b = 0; b < edges.length; b++) {
            int upTo = upperBound(sorted, edges[b]);
            out[b] = upTo - previous;
            previous = upTo;
        }
        out[edges.length] = sorted.length - previous;
        for (int b = 0; b < out.length; b++) {
            out[b] /= sorted.length;
        }
        return out;
    }

    /** Shares of counts. */
    public static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return out;
    }

    /** Index of the first element greater than {@code value} in a sorted array. */
    private static int upperBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("share vectors must be non-empty and of one length, got "
                    + a.length + " and " + b.length);
        }
    }
}
