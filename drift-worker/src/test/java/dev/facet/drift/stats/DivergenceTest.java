package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PSI, Jensen-Shannon distance and the decile bins, against values worked out by hand. */
class DivergenceTest {

    @Test
    void psiOfAQuarterOfTheMassMovedIsWorkedOutByHand() {
        // (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) = 0.25 ln 2 + 0.25 ln 1.5
        double expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
        assertThat(Divergence.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75})).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.274653, within(1e-6));
        assertThat(Divergence.psiBand(expected)).isEqualTo("major");
        assertThat(Divergence.psiBand(0.1)).isEqualTo("moderate");
        assertThat(Divergence.psiBand(0.099)).isEqualTo("none");
    }

    @Test
    void anEmptyBinIsFlooredSoPsiStaysFinite() {
        // reference share 0 becomes 1e-4: (0.5 - 1) ln(0.5) + (0.5 - 1e-4) ln(0.5 / 1e-4)
        double expected = -0.5 * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
        assertThat(Divergence.psi(new double[] {1, 0}, new double[] {0.5, 0.5})).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(4.604318, within(1e-6));
        assertThat(Divergence.psi(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isZero();
    }

    @Test
    void jensenShannonDistanceIsWorkedOutByHandAndBoundedBySqrtLn2() {
        // m = (0.375, 0.625); KL(p||m) = 0.5 ln(0.5/0.375) + 0.5 ln(0.5/0.625); KL(q||m) = 0.25 ln(0.25/0.375) + 0.75 ln(0.75/0.625)
        double klP = 0.5 * Math.log(0.5 / 0.375) + 0.5 * Math.log(0.5 / 0.625);
        double klQ = 0.25 * Math.log(0.25 / 0.375) + 0.75 * Math.log(0.75 / 0.625);
        double expected = Math.sqrt((klP + klQ) / 2);
        assertThat(Divergence.jensenShannon(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.183908, within(1e-6));
        // symmetric, zero on equal shares, sqrt(ln 2) on disjoint ones (no floor needed)
        assertThat(Divergence.jensenShannon(new double[] {0.25, 0.75}, new double[] {0.5, 0.5}))
                .isCloseTo(expected, within(1e-12));
        assertThat(Divergence.jensenShannon(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isZero();
        assertThat(Divergence.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
    }

    @Test
    void decileBinsOfOneToAHundredHoldATenthEach() {
        double[] sample = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        double[] edges = Divergence.decileEdges(sample);
        // type-7 quantile p of 1..100: 1 + 99 p, so 10.9, 20.8, ..., 90.1
        assertThat(edges).hasSize(9);
        assertThat(edges[0]).isCloseTo(10.9, within(1e-9));
        assertThat(edges[8]).isCloseTo(90.1, within(1e-9));
        for (double share : Divergence.shares(edges, sample)) {
            assertThat(share).isCloseTo(0.1, within(1e-12));
        }
        // a window all above the top decile puts everything in the last bin
        double[] high = {95, 96, 97, 98};
        double[] shares = Divergence.shares(edges, high);
        assertThat(shares[9]).isEqualTo(1);
        assertThat(Divergence.psi(Divergence.shares(edges, sample), shares)).isGreaterThan(Divergence.PSI_MAJOR);
    }

    @Test
    void tiedValuesMergeEdgesIntoFewerBins() {
        double[] sample = new double[100];
        for (int i = 50; i < 100; i++) {
            sample[i] = 1;
        }
        // deciles 0.1..0.4 are 0, the median interpolates to 0.5, 0.6..0.9 are 1: edges 0, 0.5, 1
        assertThat(Divergence.decileEdges(sample)).containsExactly(0, 0.5, 1);
        assertThat(Divergence.shares(Divergence.decileEdges(sample), sample)).containsExactly(0.5, 0, 0.5, 0);
    }
}
