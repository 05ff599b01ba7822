package dev.facet.groundtruth.quality;

import dev.facet.contracts.event.ModelPredictionEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every classification figure on four pairs computed by hand (the numbers in the comments). */
class ClassWindowTest {

    static final List<String> LABELS = List.of("A", "B", "C");

    static MatchedPair pair(int i, String actual, String predicted, double a, double b, double c) {
        Map<String, Double> ps = new LinkedHashMap<>();
        ps.put("A", a);
        ps.put("B", b);
        ps.put("C", c);
        ModelPredictionEvent e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                "00000000-0000-0000-0000-00000000000" + i, Instant.ofEpochMilli(i), "k", "1",
                ModelPredictionEvent.CLASSIFICATION, Map.of("x", 1.0), null, predicted, ps);
        return new MatchedPair("id-" + i, i, 1000L + i, e, Actual.label(actual));
    }

    static final List<MatchedPair> FOUR = List.of(
            pair(1, "A", "A", 0.8, 0.1, 0.1),
            pair(2, "A", "B", 0.3, 0.6, 0.1),
            pair(3, "B", "B", 0.2, 0.7, 0.1),
            pair(4, "C", "A", 0.5, 0.2, 0.3));

    @Test
    void accuracyF1PrecisionRecallLogLossAndBrierMatchTheHandComputation() {
        ClassWindow w = new ClassWindow(LABELS);
        FOUR.forEach(w::add);
        ClassStats s = w.stats();
        assertThat(s.pairs()).isEqualTo(4);
        assertThat(s.accuracy()).isEqualTo(0.5);                              // 2 of 4 right
        assertThat(s.confusion()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 0}});
        assertThat(s.precision(0)).isEqualTo(0.5);                            // A predicted twice, right once
        assertThat(s.recall(0)).isEqualTo(0.5);                               // A actual twice, found once
        assertThat(s.precision(1)).isEqualTo(0.5);
        assertThat(s.recall(1)).isEqualTo(1.0);
        assertThat(s.precision(2)).isZero();                                  // C never predicted
        assertThat(s.recall(2)).isZero();
        assertThat(s.macroF1()).isCloseTo((0.5 + 2.0 / 3 + 0) / 3, within(1e-12));  // 7/18
        double logLoss = -(Math.log(0.8) + Math.log(0.3) + Math.log(0.7) + Math.log(0.3)) / 4;
        assertThat(s.logLoss()).isCloseTo(logLoss, within(1e-12));            // 0.74694
        // Brier per pair: 0.06, 0.86, 0.14, 0.78
        assertThat(s.brier()).isCloseTo((0.06 + 0.86 + 0.14 + 0.78) / 4, within(1e-12));
    }

    @Test
    void aPairLeavingTheWindowTakesItsShareOfEverySumWithIt() {
        ClassWindow w = new ClassWindow(LABELS);
        FOUR.forEach(w::add);
        w.trimTo(3);
        ClassStats s = w.stats();
        assertThat(s.pairs()).isEqualTo(3);
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.confusion()).isDeepEqualTo(new long[][] {{0, 1, 0}, {0, 1, 0}, {1, 0, 0}});
        assertThat(s.logLossSum()).isCloseTo(-(Math.log(0.3) + Math.log(0.7) + Math.log(0.3)), within(1e-12));
        assertThat(s.brierSum()).isCloseTo(0.86 + 0.14 + 0.78, within(1e-12));
        assertThat(w.add(FOUR.get(3))).as("the same pair again").isFalse();
    }

    @Test
    void anEmptyWindowHasNoFiguresAndAClassAbsentFromTheWindowDoesNotCountInMacroF1() {
        ClassStats empty = new ClassWindow(LABELS).stats();
        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.macroF1()).isNaN();
        ClassWindow w = new ClassWindow(LABELS);
        w.add(FOUR.get(0));
        w.add(FOUR.get(2));
        assertThat(w.stats().macroF1()).as("A and B perfect, C absent").isEqualTo(1.0);
    }

    @Test
    void theAdditiveStateOfTwoInstancesSumsToTheStateOfOne() {
        ClassWindow all = new ClassWindow(LABELS);
        ClassWindow odd = new ClassWindow(LABELS);
        ClassWindow even = new ClassWindow(LABELS);
        for (int i = 0; i < FOUR.size(); i++) {
            all.add(FOUR.get(i));
            (i % 2 == 0 ? even : odd).add(FOUR.get(i));
        }
        ClassStats a = all.stats();
        ClassStats o = odd.stats();
        ClassStats e = even.stats();
        assertThat(o.pairs() + e.pairs()).isEqualTo(a.pairs());
        assertThat((double) (o.correct() + e.correct()) / (o.pairs() + e.pairs())).isEqualTo(a.accuracy());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(o.confusion()[r][c] + e.confusion()[r][c]).isEqualTo(a.confusion()[r][c]);
            }
        }
        assertThat(o.logLossSum() + e.logLossSum()).isCloseTo(a.logLossSum(), within(1e-12));
        assertThat(o.brierSum() + e.brierSum()).isCloseTo(a.brierSum(), within(1e-12));
    }
}
