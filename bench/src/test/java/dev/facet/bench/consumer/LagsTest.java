package dev.facet.bench.consumer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LagsTest {

    private static long[] sample(long ms, long produced, long consumed) {
        return new long[] {ms * 1_000_000, produced, consumed, 0, 0};
    }

    @Test
    void freshnessIsTheTimeUntilTheConsumerCountReachesWhatWasProducedAtThatMoment() {
        // base 1000: the consumer had counted 1000 events before the run
        List<long[]> samples = List.of(
                sample(0, 10, 1000),
                sample(100, 20, 1010),   // the 10 from t=0 are counted 100 ms later
                sample(200, 20, 1015),   // nothing new produced: not a sample of its own
                sample(300, 30, 1020),   // the 20 from t=100 are counted at t=300: 200 ms
                sample(400, 30, 1030));  // the 30 from t=300: 100 ms
        double[] lags = ConsumerBench.lags(samples, 1, 2, 1000);
        assertThat(lags[3]).isEqualTo(3);
        assertThat(lags[0]).isEqualTo(100);
        assertThat(lags[2]).isEqualTo(200);
    }

    @Test
    void samplesNeverCaughtUpAreLeftOutAndNoSamplesGiveNaN() {
        double[] lags = ConsumerBench.lags(List.of(sample(0, 5, 0), sample(100, 6, 4)), 1, 2, 0);
        assertThat(lags[3]).isZero();
        assertThat(lags[0]).isNaN();
    }
}
