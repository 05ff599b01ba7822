package dev.facet.simulator.scenario;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConceptDriftTest {

    @Test
    void inputsAreUnchangedAndActualPricesInflated() {
        Drift drift = ConceptDrift.of(Rows.SAMPLE, 15, Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(9);
        SplittableRandom same = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            PlannedRequest r = drift.next(i / 200.0, random);
            Row original = Rows.SAMPLE.draw(same);
            assertThat(r.row().sameFeatures(original)).as("inputs unchanged").isTrue();
            assertThat(r.actualValue()).isCloseTo(Rows.price(original) * 1.15, within(1e-9));
            assertThat(Bodies.isValidDiamond(r.body())).isTrue();
        }
    }

    @Test
    void gradualInflationRampsWithProgress() {
        Drift drift = ConceptDrift.of(Rows.SAMPLE, 20, Mode.GRADUAL);
        double price = Rows.price(Rows.SAMPLE.draw(new SplittableRandom(2)));
        assertThat(drift.next(0.0, new SplittableRandom(2)).actualValue()).isEqualTo(price);
        assertThat(drift.next(0.5, new SplittableRandom(2)).actualValue()).isCloseTo(price * 1.10, within(1e-9));
        assertThat(drift.next(1.0, new SplittableRandom(2)).actualValue()).isCloseTo(price * 1.20, within(1e-9));
    }
}
