package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChiSquareGoodnessOfFitTest {

    private final ChiSquareGoodnessOfFit chi = new ChiSquareGoodnessOfFit(5);

    @Test
    void sparseCategoryIsMergedWithItsNeighbourAndMatchesScipy() {
        // expected counts 4, 16, 44, 52, 84: the first (< 5) merges into the second
        long[] observed = {1, 10, 45, 50, 94};
        double[] freq = {0.02, 0.08, 0.22, 0.26, 0.42};
        ChiSquareGoodnessOfFit.Result r = chi.test(observed, freq);
        // scipy.stats.chisquare([11, 45, 50, 94], [20, 44, 52, 84]) = (5.34012654012654, 0.14851973008464467)
        assertThat(r.bins()).isEqualTo(4);
        assertThat(r.degreesOfFreedom()).isEqualTo(3);
        assertThat(r.statistic()).isCloseTo(5.34012654012654, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.14851973008464467, within(1e-9));
        assertThat(r.cohensW()).isCloseTo(0.16340328240470783, within(1e-9));
    }

    @Test
    void aCategoryNeverSeenInTrainingGivesAFiniteStatistic() {
        long[] observed = {30, 70, 100};
        double[] freq = {0.0, 0.5, 0.5};
        ChiSquareGoodnessOfFit.Result r = chi.test(observed, freq);
        assertThat(r.statistic()).isFinite();
        assertThat(r.bins()).isEqualTo(2);
    }

    @Test
    void aSparseTailJoinsTheLastBin() {
        long[] observed = {50, 48, 2};
        double[] freq = {0.5, 0.48, 0.02};
        assertThat(chi.test(observed, freq).bins()).isEqualTo(2);
    }
}
