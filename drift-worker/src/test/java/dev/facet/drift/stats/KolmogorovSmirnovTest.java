package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * KS statistic, p-value and Wasserstein-1 against values computed independently with SciPy 1.17.1 on this
 * machine ({@code scipy.stats.ks_2samp}, {@code scipy.stats.kstwobign.sf(D * sqrt(mn/(m+n)))} for the
 * limiting Kolmogorov distribution, {@code scipy.stats.wasserstein_distance}); the script is in the module
 * README. The tiny case is also checked by hand in the comments.
 */
class KolmogorovSmirnovTest {

    private final KolmogorovSmirnov ks = new KolmogorovSmirnov();

    @Test
    void tinyCaseMatchesTheHandComputedStatisticAndTheSeries() {
        double[] a = {0.1, 0.2, 0.3, 0.4, 0.5};
        double[] b = {0.35, 0.45, 0.55, 0.65, 0.75, 0.85};
        // By hand: just after 0.5, F_a = 5/5 and F_b = 2/6, so D = 2/3 (no larger gap elsewhere).
        // lambda = D sqrt(30/11) = 1.10096; Q(lambda) = 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2)
        //        = 2 (0.088571 - 0.0000615 + ...) = 0.17702; SciPy kstwobign.sf: 0.1769674083331658
        KolmogorovSmirnov.Result r = ks.test(a, b);
        assertThat(r.statistic()).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.1769674083331658, within(1e-9));
        assertThat(r.pValue()).isCloseTo(kolmogorovSeries(2.0 / 3.0 * Math.sqrt(30.0 / 11)), within(1e-12));
        assertThat(Wasserstein.distanceSorted(a, b)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void largeTiedSamplesMatchScipy() {
        double[] x = tied(500, 0.6180339887498949, 1.0);
        double[] y = tied(5000, 0.41421356237309515, 1.1);
        KolmogorovSmirnov.Result r = ks.test(x, y);
        // scipy.stats.ks_2samp(x, y).statistic = 0.09999999999999998 (ties in both samples)
        assertThat(r.statistic()).isCloseTo(0.09999999999999998, within(1e-12));
        // scipy.stats.kstwobign.sf(D * sqrt(500*5000/5500)) = 0.00022537116101527968
        assertThat(r.pValue()).isCloseTo(0.00022537116101527968, within(1e-12));
        // the exact two-sample null (scipy method='exact') gives 0.000210418: the asymptotic p is within 8%
        assertThat(r.pValue() / 0.00021041809137783502).isBetween(1.0, 1.1);
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        // scipy.stats.wasserstein_distance(x, y) = 0.05001140000000004
        assertThat(Wasserstein.distanceSorted(xs, ys)).isCloseTo(0.05001140000000004, within(1e-12));
    }

    @Test
    void aSmallerShiftMatchesScipyToo() {
        double[] x = tied(500, 0.6180339887498949, 1.0);
        double[] y = tied(5000, 0.41421356237309515, 1.05);
        KolmogorovSmirnov.Result r = ks.test(x, y);
        assertThat(r.statistic()).isCloseTo(0.052200000000000024, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.1678687871498108, within(1e-12));
    }

    @Test
    void resultsAreDeterministicWithTies() {
        double[] x = tied(500, 0.6180339887498949, 1.0);
        double[] y = tied(5000, 0.41421356237309515, 1.0);
        KolmogorovSmirnov.Result first = ks.test(x, y);
        for (int i = 0; i < 5; i++) {
            assertThat(ks.test(x, y)).isEqualTo(first);
        }
    }

    @Test
    void aPureShiftHasWassersteinEqualToTheShift() {
        double[] a = tied(1000, 0.7548776662466927, 1.0);
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.25;
        }
        Arrays.sort(a);
        Arrays.sort(b);
        assertThat(Wasserstein.distanceSorted(a, b)).isCloseTo(0.25, within(1e-9));
    }

    /** floor(100 frac(i phi)) / 100 * scale, i = 1..n: two decimals, so heavily tied; the same formula in Python. */
    static double[] tied(int n, double phi, double scale) {
        double[] out = new double[n];
        for (int i = 1; i <= n; i++) {
            double v = i * phi;
            out[i - 1] = scale * (Math.floor(100 * (v - Math.floor(v))) / 100.0);
        }
        return out;
    }

    /** An independent implementation of the Kolmogorov survival series, Q(lambda) = 2 sum (-1)^(k-1) e^(-2k^2 lambda^2). */
    private static double kolmogorovSeries(double lambda) {
        double sum = 0;
        for (int k = 1; k < 100; k++) {
            sum += (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * lambda * lambda);
        }
        return 2 * sum;
    }
}
