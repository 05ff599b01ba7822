package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shares a report draws: what the bins hold, where outliers go, and that a shift shows as moved mass. */
class DistributionTest {

    @Test
    void sharesOfBothSamplesSumToOneOverTwentyIncreasingEdges() {
        for (int seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            double[] reference = sorted(random, 1 + random.nextInt(5000), 1 + random.nextInt(3), random.nextGaussian());
            double[] window = sorted(random, 1 + random.nextInt(800), 1 + random.nextInt(3), random.nextGaussian());
            Distribution d = Distribution.histogram(reference, window);
            assertThat(d.type()).isEqualTo(Distribution.HISTOGRAM);
            assertThat(d.edges()).hasSize(Distribution.BINS + 1);
            assertThat(d.reference()).hasSize(Distribution.BINS);
            assertThat(d.current()).hasSize(Distribution.BINS);
            for (int i = 0; i < Distribution.BINS; i++) {
                assertThat(d.edges()[i + 1]).as("seed %d edge %d", seed, i).isGreaterThan(d.edges()[i]);
            }
            assertThat(Arrays.stream(d.reference()).sum()).as("seed %d", seed).isCloseTo(1, within(1e-9));
            assertThat(Arrays.stream(d.current()).sum()).as("seed %d", seed).isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void valuesOutsideThePercentileRangeLandInTheEndBins() {
        // the reference spans -0.5..1.5, so its percentiles set the range; the window lies within 0..1 but for
        // two far values, which move no edge (beyond the 0.5..99.5th percentiles) and land in the end bins
        double[] reference = new double[2000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = i / 1000.0 - 0.5;
        }
        double[] window = new double[1002];
        window[0] = -1e6;
        for (int i = 0; i < 1000; i++) {
            window[i + 1] = i / 1000.0;
        }
        window[1001] = 1e6;
        Distribution d = Distribution.histogram(reference, window);
        Distribution without = Distribution.histogram(reference, Arrays.copyOfRange(window, 1, 1001));
        assertThat(d.edges()).containsExactly(without.edges());
        assertThat(d.edges()[0]).isCloseTo(-0.49, within(0.001));
        assertThat(d.edges()[Distribution.BINS]).isCloseTo(1.49, within(0.001));
        assertThat(without.current()[0]).isZero();
        assertThat(without.current()[Distribution.BINS - 1]).isZero();
        assertThat(d.current()[0]).isEqualTo(1 / 1002.0);
        assertThat(d.current()[Distribution.BINS - 1]).isEqualTo(1 / 1002.0);
        assertThat(Arrays.stream(d.current()).sum()).isCloseTo(1, within(1e-9));
    }

    @Test
    void aShiftedWindowMovesItsMassAndTheSameSampleDoesNot() {
        Random random = new Random(3);
        double[] reference = sorted(random, 5000, 1, 0);
        Distribution same = Distribution.histogram(reference, reference);
        assertThat(same.current()).containsExactly(same.reference());
        Distribution shifted = Distribution.histogram(reference, sorted(random, 500, 1, 1.0));
        // the mean of the bin midpoints weighted by the shares: one standard deviation apart
        assertThat(mean(shifted, shifted.current()) - mean(shifted, shifted.reference())).isCloseTo(1.0, within(0.2));
        // bins above the reference's 99.5th percentile (about 2.6) hold a share of the window's values
        double above = 0;
        for (int i = 0; i < Distribution.BINS; i++) {
            if (shifted.edges()[i] > 2.6) {
                above += shifted.current()[i];
                assertThat(shifted.reference()[i]).isLessThan(0.01);
            }
        }
        assertThat(above).isGreaterThan(0.03);
    }

    @Test
    void aColumnOnOneValueStillGetsTwentyBins() {
        double[] ones = new double[300];
        Arrays.fill(ones, 1.0);
        Distribution d = Distribution.histogram(ones, ones);
        assertThat(d.edges()[0]).isEqualTo(0.5);
        assertThat(d.edges()[Distribution.BINS]).isEqualTo(1.5);
        assertThat(Arrays.stream(d.current()).sum()).isCloseTo(1, within(1e-9));
        assertThat(d.current()[Distribution.BINS / 2]).isEqualTo(1.0);
    }

    @Test
    void categoriesKeepTheModelOrderAndTheWindowsShares() {
        Distribution d = Distribution.categories(List.of("Adelie", "Chinstrap", "Gentoo"),
                new double[] {0.44, 0.2, 0.36}, new long[] {0, 0, 250});
        assertThat(d.type()).isEqualTo(Distribution.CATEGORIES);
        assertThat(d.categories()).containsExactly("Adelie", "Chinstrap", "Gentoo");
        assertThat(d.reference()).containsExactly(0.44, 0.2, 0.36);
        assertThat(d.current()).containsExactly(0.0, 0.0, 1.0);
        assertThat(d.edges()).isNull();
    }

    private static double mean(Distribution d, double[] shares) {
        double m = 0;
        for (int i = 0; i < shares.length; i++) {
            m += shares[i] * (d.edges()[i] + d.edges()[i + 1]) / 2;
        }
        return m;
    }

    private static double[] sorted(Random random, int n, double std, double mean) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + std * random.nextGaussian();
        }
        Arrays.sort(out);
        return out;
    }
}
