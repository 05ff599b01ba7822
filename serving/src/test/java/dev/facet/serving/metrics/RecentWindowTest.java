package dev.facet.serving.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecentWindowTest {

    @Test
    void holdsTheLastValuesWhetherAddedOneByOneOrInBulk() {
        Random random = new Random(7);
        RecentWindow single = new RecentWindow(16);
        RecentWindow bulk = new RecentWindow(16);
        assertThat(single.summary().count()).isZero();
        assertThat(single.summary().mean()).isNaN();
        double[] all = new double[0];
        for (int batch : new int[] {3, 1, 10, 40, 2}) {
            double[] values = random.doubles(batch, -5, 5).toArray();
            for (double v : values) {
                single.add(v);
            }
            bulk.addAll(values);
            all = concat(all, values);
            // the window is the last min(16, all) values, whichever way they came in
            double[] last = java.util.Arrays.copyOfRange(all, Math.max(0, all.length - 16), all.length);
            RecentWindow.Summary expected = new RecentWindow.Summary(last.length,
                    java.util.Arrays.stream(last).min().orElseThrow(), java.util.Arrays.stream(last).max().orElseThrow(),
                    java.util.Arrays.stream(last).sum() / last.length);
            assertThat(bulk.summary().count()).isEqualTo(expected.count());
            assertThat(bulk.summary().min()).isEqualTo(expected.min());
            assertThat(bulk.summary().max()).isEqualTo(expected.max());
            assertThat(bulk.summary().mean()).isCloseTo(expected.mean(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(single.summary().min()).isEqualTo(expected.min());
            assertThat(single.summary().max()).isEqualTo(expected.max());
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
