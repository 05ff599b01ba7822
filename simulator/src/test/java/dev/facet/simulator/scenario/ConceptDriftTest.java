package dev.facet.simulator.scenario;

import dev.facet.contracts.data.LabelledDiamond;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConceptDriftTest {

    @Test
    void inputsAreUnchangedAndActualPricesInflated() {
        ConceptDrift drift = new ConceptDrift(Rows.SAMPLE, 15, Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(9);
        SplittableRandom same = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            PlannedRequest r = drift.next(i / 200.0, random);
            LabelledDiamond original = Rows.SAMPLE.draw(same);
            assertThat(r.diamond()).isEqualTo(original.diamond());
            assertThat(r.actualPrice()).isCloseTo(original.price() * 1.15, within(1e-9));
            assertThat(Bodies.isValidDiamond(r.body())).isTrue();
        }
    }

    @Test
    void gradualInflationRampsWithProgress() {
        ConceptDrift drift = new ConceptDrift(Rows.SAMPLE, 20, Mode.GRADUAL);
        double price = Rows.SAMPLE.draw(new SplittableRandom(2)).price();
        assertThat(drift.next(0.0, new SplittableRandom(2)).actualPrice()).isEqualTo(price);
        assertThat(drift.next(0.5, new SplittableRandom(2)).actualPrice()).isCloseTo(price * 1.10, within(1e-9));
        assertThat(drift.next(1.0, new SplittableRandom(2)).actualPrice()).isCloseTo(price * 1.20, within(1e-9));
    }
}
