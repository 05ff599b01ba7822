package dev.facet.drift.stats;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

import java.util.ArrayList;
import java.util.List;

/**
 * Chi-square goodness of fit of a window's category counts against the training frequencies.
 *
 * <p>Small expected counts: the chi-square approximation needs every expected count to be at least about 5
 * (Cochran's rule). Categories whose expected count {@code m * f} is below {@code minExpected} are merged with
 * their neighbours in the schema's natural order (cut Fair, Good, ...; clarity I1, SI2, ...), so a merged bin
 * still means something ("Fair or Good") and a category never seen in training (frequency 0) cannot produce an
 * infinite statistic. We prefer this over the Jensen-Shannon distance as the test because chi-square yields a
 * p-value that the multiple-testing correction can combine with the KS p-values; Cohen's w
 * ({@code sqrt(chi2 / m)}, independent of the window size) serves as the magnitude.
 *
 * <p>The training frequencies are treated as known: they come from ~43,000 rows, so their own sampling error
 * is negligible next to a window of hundreds.
 */
public final class ChiSquareGoodnessOfFit {

    private final ChiSquareTest test = new ChiSquareTest();
    private final double minExpected;

    public ChiSquareGoodnessOfFit(double minExpected) {
        if (!(minExpected > 0)) {
            throw new IllegalArgumentException("minExpected must be > 0, got " + minExpected);
        }
        this.minExpected = minExpected;
    }

    /**
     * @param observed    count per category, in schema order
     * @param frequencies training frequency per category, same order, summing to 1
     */
    public Result test(long[] observed, double[] frequencies) {
        if (observed.length != frequencies.length) {
            throw new IllegalArgumentException("observed and frequencies differ in length");
        }
        long m = 0;
        for (long o : observed) {
            m += o;
        }
        if (m == 0) {
            throw new IllegalArgumentException("no observations");
        }
        List<double[]> bins = merge(observed, frequencies, m);
        if (bins.size() < 2) {
            return new Result(0, 1, 0, 0, 1);
        }
        double[] expected = new double[bins.size()];
        long[] counts = new long[bins.size()];
        for (int k = 0; k < bins.size(); k++) {
            expected[k] = bins.get(k)[1];
            counts[k] = (long) bins.get(k)[0];
        }
        double chi2 = test.chiSquare(expected, counts);
        double p = test.chiSquareTest(expected, counts);
        return new Result(chi2, Math.max(0, Math.min(1, p)), Math.sqrt(chi2 / m), bins.size() - 1, bins.size());
    }

    /** Bins of {observed, expected}: adjacent categories merged until each expected count reaches the minimum. */
    private List<double[]> merge(long[] observed, double[] frequencies, long m) {
        List<double[]> bins = new ArrayList<>();
        double o = 0;
        double e = 0;
        for (int c = 0; c < observed.length; c++) {
            o += observed[c];
            e += frequencies[c] * m;
            if (e >= minExpected) {
                bins.add(new double[] {o, e});
                o = 0;
                e = 0;
            }
        }
        if (o > 0 || e > 0) { // a sparse tail joins the last full bin
            if (bins.isEmpty()) {
                bins.add(new double[] {o, e});
            } else {
                double[] last = bins.get(bins.size() - 1);
                last[0] += o;
                last[1] += e;
            }
        }
        return bins;
    }

    /**
     * @param cohensW magnitude {@code sqrt(chi2 / m)}
     * @param bins    categories after merging
     */
    public record Result(double statistic, double pValue, double cohensW, int degreesOfFreedom, int bins) {
    }
}
