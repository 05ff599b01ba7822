package dev.facet.groundtruth.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DDM (Gama et al. 2004) on synthetic 0/1 error streams of known rates. */
class DdmTest {

    private static List<Boolean> bernoulli(Random random, int n, double rate) {
        List<Boolean> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(random.nextDouble() < rate);
        }
        return out;
    }

    /** The default window: the last 1,000 pairs. */
    private static final int WINDOW = 1000;

    @Test
    void aStationaryErrorRateAtTheHeldOutRateRaisesNoDriftOverTwentySeededStreams() {
        for (double rate : new double[] {0.05, 0.1, 0.3}) {
            for (int seed = 0; seed < 20; seed++) {
                Ddm.Status s = Ddm.scan(bernoulli(new Random(seed), WINDOW, rate), rate);
                assertThat(s.alarm()).as("rate %s seed %d: %s", rate, seed, s).isFalse();
                assertThat(s.errorRate()).isCloseTo(rate, within(0.02));
            }
        }
    }

    @Test
    void aStepFromFiveToTwentyFivePercentErrorsRaisesDriftWithinFiveHundredPairs() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            List<Boolean> stream = bernoulli(random, WINDOW - 500, 0.05);
            stream.addAll(bernoulli(random, 500, 0.25));
            assertThat(Ddm.scan(stream, 0.05).alarm()).as("seed %d", seed).isTrue();
        }
    }

    @Test
    void theFirstErrorAfterAnErrorFreeStartIsNoDrift() {
        // the raw-rate DDM would signal here: p_min = s_min = 0 after 30 clean pairs
        List<Boolean> stream = new ArrayList<>(Collections.nCopies(200, false));
        stream.add(true);
        assertThat(Ddm.scan(stream, 0).alarm()).isFalse();
    }

    @Test
    void theHeldOutFloorKeepsALuckyCleanStartFromMakingAnOrdinaryRateADrift() {
        // 300 clean pairs, then the model's usual 10%: the unfloored test judges 10% against the clean start
        Random random = new Random(7);
        List<Boolean> stream = new ArrayList<>(Collections.nCopies(300, false));
        stream.addAll(bernoulli(random, 700, 0.10));
        assertThat(Ddm.scan(stream, 0).alarm()).as("without the floor").isTrue();
        assertThat(Ddm.scan(stream, 0.10).alarm()).as("floored at the held-out 10%").isFalse();
    }

    @Test
    void nothingIsJudgedBeforeThirtyPairs() {
        assertThat(Ddm.scan(Collections.nCopies(29, true), 0).alarm()).isFalse();
        assertThat(Ddm.scan(List.of(), 0).pairs()).isZero();
    }
}
