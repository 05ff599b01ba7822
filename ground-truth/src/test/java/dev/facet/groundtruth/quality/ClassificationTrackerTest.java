package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.ClassificationMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The classifier's ratio test on the error rate, against a held-out accuracy of 97% on 100 rows. */
class ClassificationTrackerTest {

    private static final List<String> LABELS = List.of("A", "B", "C");
    private static final ClassificationMetrics BASELINE = new ClassificationMetrics(100, LABELS, 0.97, 0.96, 0.1,
            Map.of(), new long[][] {{33, 1, 0}, {1, 32, 0}, {0, 1, 32}});

    private static ClassificationSnapshot run(int errors) {
        ClassificationPolicy policy = ClassificationPolicy.from(BASELINE, 1.25, 1000);
        ClassificationTracker t = new ClassificationTracker("k", "1", LABELS, policy, 500, 3_600_000);
        for (int i = 0; i < 500; i++) {
            // the errors spread evenly, so that DDM sees no step, only the ratio test a level
            boolean wrong = i * errors / 500 != (i + 1) * errors / 500;
            t.add(ClassWindowTest.pair(i, "A", wrong ? "B" : "A", wrong ? 0.2 : 0.8, wrong ? 0.7 : 0.1, 0.1));
        }
        return t.evaluate(1000L + 500);
    }

    @Test
    void aFullWindowWithTwiceTheHeldOutErrorRateRaisesTheRatioTest() {
        // 30 errors of 500 = 6%; held out 3%: 15 expected, 15 + 3 * sqrt(500 * 0.03 * 0.97) = 26.4 is the bar
        ClassificationSnapshot s = run(30);
        assertThat(s.countWindow().errorRate()).isCloseTo(0.06, within(1e-12));
        assertThat(s.drift().errorRateRatio()).isCloseTo(2.0, within(1e-9));
        assertThat(s.drift().ratioAlarm()).isTrue();
        assertThat(s.driftDetected()).isTrue();
    }

    @Test
    void aWindowAboveTheRatioButWithinChanceOfTheHeldOutRateDoesNotRaiseIt() {
        // 20 errors = 4%: 1.33 times the held-out rate, but under the 26.4 errors chance allows
        ClassificationSnapshot s = run(20);
        assertThat(s.drift().errorRateRatio()).isGreaterThan(1.25);
        assertThat(s.drift().ratioAlarm()).isFalse();
        assertThat(s.driftDetected()).isFalse();
    }
}
