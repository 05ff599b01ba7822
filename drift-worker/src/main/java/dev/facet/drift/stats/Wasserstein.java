package dev.facet.drift.stats;

/**
 * Wasserstein-1 (earth mover's) distance between two empirical distributions, {@code integral |F(t) - G(t)| dt}:
 * how far, in the feature's own unit, the mass of one sample must move to match the other. A pure shift of the
 * whole distribution by {@code delta} gives exactly {@code |delta|}.
 *
 * <p>The drift-worker divides it by the reference standard deviation, so one threshold fits features of any
 * unit (carat, mm, percent, USD): 0.1 means "the window is a tenth of a training standard deviation away".
 * Evidently uses the same normalisation and default (0.1) for its {@code wasserstein} drift method.
 */
public final class Wasserstein {

    private Wasserstein() {
    }

    /** W1 between two samples that are both sorted ascending (checked cheaply only by the caller's contract). */
    public static double distanceSorted(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        int i = 0;
        int j = 0;
        double total = 0;
        double previous = Math.min(a[0], b[0]);
        // walk the merged order; between consecutive points both ECDFs are constant
        while (i < a.length || j < b.length) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            double gap = (double) i / a.length - (double) j / b.length;
            total += Math.abs(gap) * (next - previous);
            while (i < a.length && a[i] == next) {
                i++;
            }
            while (j < b.length && b[j] == next) {
                j++;
            }
            previous = next;
        }
        return total;
    }
}
