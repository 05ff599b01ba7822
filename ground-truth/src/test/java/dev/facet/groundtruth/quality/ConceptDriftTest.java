package dev.facet.groundtruth.quality;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.stats.ErrorBaseline;
import dev.facet.trainer.testing.SmallModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift tests on real errors of a real (small) model: its held-out rows, predicted by the compiled forest,
 * give exactly the error distribution of the baseline; an inflation of the actual prices must be caught.
 * No Kafka here: the tracker is fed directly and judged after every pair.
 */
class ConceptDriftTest {

    private static final int WINDOW = 500;
    private static ConceptDriftPolicy policy;

    @BeforeAll
    static void model() {
        SmallModel.root(); // trained now, before any test starts its clock
        ErrorBaseline b = SmallModel.stats().heldOutError();
        policy = ConceptDriftPolicy.from(b, 1.25, 1e5, 5000);
    }

    private static List<LabelledDiamond> shuffledHeldOut(long seed) {
        List<LabelledDiamond> rows = new ArrayList<>(SmallModel.heldOut());
        Collections.shuffle(rows, new Random(seed));
        return rows;
    }

    private static MatchedPair pair(int i, LabelledDiamond row, double inflation) {
        long t = 1_700_000_000_000L + i * 1000L;
        return MatchedPair.regression("p-" + i, t - 60_000, t, SmallModel.forest().predict(row.diamond()),
                row.price() * inflation);
    }

    @Test
    void parametersFollowFromTheBaseline() {
        ErrorBaseline b = SmallModel.stats().heldOutError();
        assertThat(policy.delta()).isEqualTo(0.125 * b.mae());
        assertThat(policy.lambda()).isEqualTo(b.absError().std() * b.absError().std() * Math.log(1e5) / (2 * policy.delta()));
        System.out.printf("baseline MAE %.1f RMSE %.1f |e| std %.1f -> delta %.1f lambda %.1f (%.1f x MAE)%n",
                b.mae(), b.rmse(), b.absError().std(), policy.delta(), policy.lambda(), policy.lambda() / b.mae());
    }

    @Test
    void anUnchangedStreamOfEveryHeldOutRowNeverRaisesTheFlag() {
        RegressionTracker tracker = new RegressionTracker("m", "1", policy, WINDOW, 3_600_000);
        List<LabelledDiamond> rows = shuffledHeldOut(1);
        double maxRatio = 0;
        double maxPh = 0;
        for (int i = 0; i < rows.size(); i++) {
            MatchedPair p = pair(i, rows.get(i), 1.0);
            tracker.add(p);
            DriftStatus d = tracker.evaluate(p.receivedAtMillis()).drift();
            assertThat(d.detected()).as("flag after %d unchanged pairs: %s", i + 1, d).isFalse();
            if (i >= WINDOW) {
                maxRatio = Math.max(maxRatio, d.maeRatio());
            }
            maxPh = Math.max(maxPh, d.pageHinkley());
        }
        System.out.printf("unchanged: %d pairs, max MAE ratio %.3f, max PH %.0f of lambda %.0f%n", rows.size(),
                maxRatio, maxPh, policy.lambda());
        assertThat(rows.size()).isGreaterThan(10_000);
    }

    @Test
    void aFifteenPercentPriceInflationRaisesTheFlagWithinTwoWindowsByEachTest() {
        RegressionTracker tracker = new RegressionTracker("m", "1", policy, WINDOW, 3_600_000);
        List<LabelledDiamond> rows = shuffledHeldOut(2);
        int i = 0;
        for (; i < WINDOW; i++) {
            tracker.add(pair(i, rows.get(i), 1.0));
        }
        assertThat(tracker.evaluate(0).drift().detected()).isFalse();
        int ratioAt = -1;
        int phAt = -1;
        for (int k = 1; k <= 2 * WINDOW; k++, i++) {
            MatchedPair p = pair(i, rows.get(i), 1.15);
            tracker.add(p);
            DriftStatus d = tracker.evaluate(p.receivedAtMillis()).drift();
            if (ratioAt < 0 && d.ratioAlarm()) {
                ratioAt = k;
            }
            if (phAt < 0 && d.pageHinkleyAlarm()) {
                phAt = k;
            }
        }
        System.out.printf("15%% inflation: ratio alarm after %d pairs, Page-Hinkley after %d%n", ratioAt, phAt);
        assertThat(ratioAt).isBetween(1, 2 * WINDOW);
        assertThat(phAt).isBetween(1, 2 * WINDOW);
        assertThat(tracker.evaluate(0).drift().detected()).isTrue();
    }

    @Test
    void theFlagClearsOnceTheErrorsAreBackToTheBaseline() {
        RegressionTracker tracker = new RegressionTracker("m", "1", policy, WINDOW, 3_600_000);
        List<LabelledDiamond> rows = shuffledHeldOut(3);
        int i = 0;
        for (; i < 1500; i++) {
            tracker.add(pair(i, rows.get(i), 1.15));
        }
        assertThat(tracker.evaluate(0).drift().detected()).isTrue();
        for (; i < 1500 + 5000 + WINDOW; i++) {
            tracker.add(pair(i, rows.get(i), 1.0));
        }
        assertThat(tracker.evaluate(0).drift().detected()).isFalse();
    }
}
