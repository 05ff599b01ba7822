package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.RegressionMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ErrorWindowTest {

    private static MatchedPair pair(int i, long receivedAt, double predicted, double actual) {
        return MatchedPair.regression("id-" + i, receivedAt - 1000, receivedAt, predicted, actual);
    }

    @Test
    void countWindowStatisticsEqualADirectComputationOverTheLastPairsAfterManyEvictions() {
        Random random = new Random(11);
        ErrorWindow window = new ErrorWindow();
        List<MatchedPair> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double actual = 300 + random.nextDouble() * 18_000;
            MatchedPair p = pair(i, 1_000_000L + i, actual * (0.8 + 0.4 * random.nextDouble()), actual);
            all.add(p);
            window.add(p);
            window.trimTo(500);
        }
        List<MatchedPair> last = all.subList(all.size() - 500, all.size());
        RegressionMetrics direct = RegressionMetrics.of(last.stream().mapToDouble(MatchedPair::predicted).toArray(),
                last.stream().mapToDouble(MatchedPair::actual).toArray());
        WindowStats s = window.stats();
        assertThat(s.pairs()).isEqualTo(500);
        assertThat(s.mae()).isCloseTo(direct.mae(), within(1e-9 * direct.mae()));
        assertThat(s.rmse()).isCloseTo(direct.rmse(), within(1e-9 * direct.rmse()));
        assertThat(s.mape()).isCloseTo(direct.mape(), within(1e-9));
        assertThat(s.bias()).isCloseTo(direct.bias(), within(1e-6));
    }

    @Test
    void theSamePairTwiceCountsOnceAndOrderOfArrivalDoesNotMatter() {
        ErrorWindow inOrder = new ErrorWindow();
        ErrorWindow shuffled = new ErrorWindow();
        List<MatchedPair> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pairs.add(pair(i, 10_000L + i * 7, 1000 + i, 900 + 3 * i));
        }
        pairs.forEach(p -> {
            inOrder.add(p);
            inOrder.trimTo(20);
        });
        List<MatchedPair> copy = new ArrayList<>(pairs);
        java.util.Collections.shuffle(copy, new Random(3));
        copy.forEach(p -> {
            assertThat(shuffled.add(p)).isTrue();
            shuffled.trimTo(20);
        });
        assertThat(inOrder.add(pairs.get(49))).isFalse();
        // equal up to rounding: floating-point sums depend on the order of the additions
        WindowStats a = shuffled.stats();
        WindowStats b = inOrder.stats();
        assertThat(a.pairs()).isEqualTo(b.pairs());
        assertThat(a.mae()).isCloseTo(b.mae(), within(1e-9));
        assertThat(a.rmse()).isCloseTo(b.rmse(), within(1e-9));
        assertThat(a.mape()).isCloseTo(b.mape(), within(1e-12));
        assertThat(a.bias()).isCloseTo(b.bias(), within(1e-9));
        assertThat(inOrder.stats().pairs()).isEqualTo(20);
    }

    @Test
    void timeWindowDropsPairsReceivedBeforeTheCutoff() {
        ErrorWindow w = new ErrorWindow();
        w.add(pair(1, 1000, 110, 100));
        w.add(pair(2, 2000, 130, 100));
        w.add(pair(3, 3000, 150, 100));
        w.evictBefore(2000);
        assertThat(w.stats().pairs()).isEqualTo(2);
        assertThat(w.stats().mae()).isEqualTo(40.0);
        assertThat(new ErrorWindow().stats().mae()).isNaN();
    }
}
