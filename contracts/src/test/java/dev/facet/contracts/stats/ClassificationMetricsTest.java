package dev.facet.contracts.stats;

import dev.facet.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metric code against a six-row example computed by hand (worked out in the comments). */
class ClassificationMetricsTest {

    private static final List<String> LABELS = List.of("a", "b", "c");
    // rows:            0  1  2  3  4  5
    // actual:          a  a  b  b  c  c
    // predicted:       a  b  b  b  c  a
    // p(actual label): .8 .4 .9 .6 .7 0
    private static final int[] ACTUAL = {0, 0, 1, 1, 2, 2};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 0};
    private static final double[][] PROBABILITIES = {
        {0.8, 0.1, 0.1}, {0.4, 0.5, 0.1}, {0.05, 0.9, 0.05}, {0.3, 0.6, 0.1}, {0.2, 0.1, 0.7}, {1.0, 0.0, 0.0}};

    @Test
    void accuracyPrecisionRecallF1AndTheConfusionMatrixMatchTheHandComputation() {
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, ACTUAL, PREDICTED, PROBABILITIES);
        // confusion[actual][predicted]: a→a, a→b; b→b twice; c→c, c→a
        assertThat(m.confusionRows()).isEqualTo(List.of(List.of(1L, 1L, 0L), List.of(0L, 2L, 0L), List.of(1L, 0L, 1L)));
        assertThat(m.count()).isEqualTo(6);
        assertThat(m.accuracy()).isEqualTo(4.0 / 6);
        // a: predicted twice, right once (precision 1/2); 2 rows, 1 found (recall 1/2); F1 1/2
        assertThat(m.perClass().get("a")).isEqualTo(new ClassificationMetrics.ClassScore(0.5, 0.5, 0.5, 2));
        // b: predicted 3 times, right twice (2/3); both found (1); F1 = 2(2/3)(1)/(5/3) = 0.8
        ClassificationMetrics.ClassScore b = m.perClass().get("b");
        assertThat(b.precision()).isEqualTo(2.0 / 3);
        assertThat(b.recall()).isEqualTo(1.0);
        assertThat(b.f1()).isCloseTo(0.8, within(1e-12));
        // c: predicted once, right (1); 1 of 2 found (1/2); F1 2/3
        assertThat(m.perClass().get("c").f1()).isCloseTo(2.0 / 3, within(1e-12));
        // macro F1 = (1/2 + 4/5 + 2/3) / 3 = 59/90
        assertThat(m.macroF1()).isCloseTo(59.0 / 90, within(1e-12));
    }

    @Test
    void logLossIsTheMeanNegativeLogProbabilityOfTheActualLabelWithZeroClippedTo1e15() {
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, ACTUAL, PREDICTED, PROBABILITIES);
        // -(ln .8 + ln .4 + ln .9 + ln .6 + ln .7 + ln 1e-15) / 6
        assertThat(m.logLoss()).isCloseTo(6.1085119602436, within(1e-9));
    }

    @Test
    void aClassNeverPredictedAndNeverSeenScoresZeroRatherThanNaN() {
        List<String> labels = List.of("a", "b", "c", "d");
        double[][] p = new double[PROBABILITIES.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {PROBABILITIES[i][0], PROBABILITIES[i][1], PROBABILITIES[i][2], 0};
        }
        ClassificationMetrics m = ClassificationMetrics.of(labels, ACTUAL, PREDICTED, p);
        assertThat(m.perClass().get("d")).isEqualTo(new ClassificationMetrics.ClassScore(0, 0, 0, 0));
        assertThat(m.macroF1()).isCloseTo(59.0 / 90 * 3 / 4, within(1e-12));
    }

    @Test
    void theMetricsSurviveAJsonRoundTrip() throws Exception {
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, ACTUAL, PREDICTED, PROBABILITIES);
        String json = Json.MAPPER.writeValueAsString(m);
        assertThat(json).contains("\"confusion\":[[1,1,0],[0,2,0],[1,0,1]]").contains("\"macro_f1\"")
                .doesNotContain("confusion_rows");
        assertThat(Json.MAPPER.readValue(json, ClassificationMetrics.class)).isEqualTo(m);
    }
}
