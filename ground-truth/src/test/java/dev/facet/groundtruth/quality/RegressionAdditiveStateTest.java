package dev.facet.groundtruth.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The regression sums each instance exports: summed over instances that each hold part of the pairs, they give
 * the MAE, RMSE and bias of all the pairs, which the average of the instances' MAEs does not.
 */
class RegressionAdditiveStateTest {

    @Test
    void sumsOfTwoInstancesGiveTheExactGlobalFiguresAndTheMeanOfMeansDoesNot() {
        Random random = new Random(5);
        List<MatchedPair> pairs = new ArrayList<>();
        ErrorWindow a = new ErrorWindow();
        ErrorWindow b = new ErrorWindow();
        for (int i = 0; i < 300; i++) {
            double actual = 500 + 5000 * random.nextDouble();
            // instance b sees a third of the pairs, with larger errors: unequal shares and unequal errors
            boolean toB = i % 3 == 0;
            double predicted = actual + (toB ? 400 : 100) * random.nextGaussian();
            MatchedPair p = MatchedPair.regression("id-" + i, i, 1000 + i, predicted, actual);
            pairs.add(p);
            (toB ? b : a).add(p);
        }
        double abs = 0;
        double sq = 0;
        double err = 0;
        for (MatchedPair p : pairs) {
            abs += Math.abs(p.error());
            sq += p.error() * p.error();
            err += p.error();
        }
        WindowStats sa = a.stats();
        WindowStats sb = b.stats();
        long n = sa.pairs() + sb.pairs();
        assertThat(n).isEqualTo(300);
        assertThat((sa.sumAbs() + sb.sumAbs()) / n).isCloseTo(abs / 300, within(1e-9));
        assertThat(Math.sqrt((sa.sumSq() + sb.sumSq()) / n)).isCloseTo(Math.sqrt(sq / 300), within(1e-9));
        assertThat((sa.sumErr() + sb.sumErr()) / n).isCloseTo(err / 300, within(1e-9));
        assertThat((sa.mae() + sb.mae()) / 2).as("the mean of the instances' MAEs is not the MAE")
                .isNotCloseTo(abs / 300, within(1.0));
    }
}
