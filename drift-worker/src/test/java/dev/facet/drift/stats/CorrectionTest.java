package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CorrectionTest {

    @Test
    void bonferroniMultipliesByTheNumberOfTests() {
        assertThat(Correction.BONFERRONI.adjust(new double[] {0.001, 0.02, 0.5}))
                .containsExactly(new double[] {0.003, 0.06, 1.0}, within(1e-12));
    }

    @Test
    void benjaminiHochbergIsTheStepUpAdjustment() {
        // by hand, sorted p 0.005, 0.01, 0.03, 0.04 with k = 4: 0.02, 0.02, 0.04, 0.04
        //   = [0.02, 0.04, 0.04, 0.02] (step-up: p_(i) * k / i, then the running minimum from the top)
        assertThat(Correction.BH.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
    }

    @Test
    void unknownNamesAreRefusedWithTheChoices() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Correction.parse("holm"))
                .hasMessageContaining("bonferroni").hasMessageContaining("bh");
    }
}
