package dev.facet.bench.detection;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolTest {

    /** Windows of one event: whether it is drifted. */
    private static final Traffic<Boolean> TRAFFIC = (drifted, random) -> List.of(drifted);

    private static final Protocol PROTOCOL = new Protocol(3, 4, 5, 2, 3, 21);

    /** Fires once it has seen {@code after} drifted windows in a row. */
    private static Supplier<Monitor<Boolean>> firesAfter(int after) {
        return () -> new Monitor<>() {
            private int run;

            @Override
            public boolean window(List<Boolean> events) {
                run = events.get(0) ? run + 1 : 0;
                return run >= after;
            }
        };
    }

    @Test
    void aDetectorThatAlwaysFiresHasAFalseAlarmRateOfOneAndDetectsInTheFirstWindow() {
        Supplier<Monitor<Boolean>> always = () -> events -> true;
        Protocol.Outcome clean = PROTOCOL.clean(List.of(always), TRAFFIC).get(0);
        Protocol.Outcome trials = PROTOCOL.trials(List.of(always), TRAFFIC).get(0);

        assertThat(clean.cleanWindows()).isEqualTo(12);
        assertThat(clean.falseAlarmRate()).isEqualTo(1.0);
        assertThat(trials.missedRate()).isZero();
        assertThat(trials.delays()).containsOnly(1).hasSize(5);
        assertThat(trials.leadInAlarms()).isEqualTo(10);
    }

    @Test
    void aDetectorThatNeverFiresMissesEveryTrialAndNeverFalseAlarms() {
        Supplier<Monitor<Boolean>> never = () -> events -> false;
        Protocol.Outcome clean = PROTOCOL.clean(List.of(never), TRAFFIC).get(0);
        Protocol.Outcome trials = PROTOCOL.trials(List.of(never), TRAFFIC).get(0);

        assertThat(clean.falseAlarmRate()).isZero();
        assertThat(trials.missed()).isEqualTo(5);
        assertThat(trials.missedRate()).isEqualTo(1.0);
        assertThat(trials.delays()).isEmpty();
        assertThat(trials.delayQuantile(0.5)).isNaN();
    }

    @Test
    void theDelayCountsDriftedWindowsAndALateDetectionBeyondKIsMissed() {
        List<Protocol.Outcome> out = PROTOCOL.trials(List.of(firesAfter(2), firesAfter(3), firesAfter(4)), TRAFFIC);

        assertThat(out.get(0).delays()).containsOnly(2);
        assertThat(out.get(1).delays()).containsOnly(3);
        assertThat(out.get(1).missed()).isZero();
        assertThat(out.get(2).missed()).as("k = 3 drifted windows, fires at the 4th").isEqualTo(5);
        assertThat(out.get(0).leadInAlarms()).isZero();
    }

    @Test
    void everyMonitorSeesTheSameWindowsAndAStreamDependsOnlyOnItsSeed() {
        Traffic<Double> noise = (drifted, random) -> List.of(random.nextDouble());
        List<List<Double>> seenA = new ArrayList<>();
        List<List<Double>> seenB = new ArrayList<>();
        Supplier<Monitor<Double>> a = () -> events -> seenA.add(events) && false;
        Supplier<Monitor<Double>> b = () -> events -> seenB.add(events) && false;
        PROTOCOL.clean(List.of(a, b), noise);
        assertThat(seenA).hasSize(12).isEqualTo(seenB);

        List<List<Double>> again = new ArrayList<>();
        new Protocol(3, 4, 5, 2, 3, 21).clean(List.of(() -> events -> again.add(events) && false), noise);
        assertThat(again).isEqualTo(seenA);
        List<List<Double>> otherSeed = new ArrayList<>();
        new Protocol(3, 4, 5, 2, 3, 22).clean(List.of(() -> events -> otherSeed.add(events) && false), noise);
        assertThat(otherSeed).isNotEqualTo(seenA);
    }

    @Test
    void delayQuantilesAreNearestRank() {
        Protocol.Outcome o = new Protocol.Outcome(0, 0, 5, 1, 0, List.of(4, 1, 2, 3));
        assertThat(o.delayQuantile(0.5)).isEqualTo(2);
        assertThat(o.delayQuantile(0.9)).isEqualTo(4);
        assertThat(o.missedRate()).isEqualTo(0.2);
    }
}
