package dev.facet.drift.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InstanceShareTest {

    @Test
    void aWorkerHoldingThreeOfSixPartitionsUsesHalfTheAlpha() {
        InstanceShare half = new InstanceShare(3, 6);
        assertThat(half.alpha(0.01)).isCloseTo(0.005, within(1e-15));
        assertThat(half.estimatedInstances()).isEqualTo(2.0);
    }

    @Test
    void aWorkerHoldingEveryPartitionKeepsTheWholeAlpha() {
        assertThat(new InstanceShare(6, 6).alpha(0.01)).isEqualTo(0.01);
        assertThat(new InstanceShare(6, 6).estimatedInstances()).isEqualTo(1.0);
        assertThat(InstanceShare.whole().alpha(0.01)).isEqualTo(0.01);
    }

    @Test
    void anUnevenSplitStillSpendsExactlyTheFamilyAlpha() {
        // 6 partitions over 4 workers: 2, 2, 1, 1; the estimates differ, the alphas still add up to alpha
        double sum = 0;
        for (int held : new int[] {2, 2, 1, 1}) {
            sum += new InstanceShare(held, 6).alpha(0.01);
        }
        assertThat(sum).isCloseTo(0.01, within(1e-15));
        assertThat(new InstanceShare(2, 6).estimatedInstances()).isEqualTo(3.0);
        assertThat(new InstanceShare(1, 6).estimatedInstances()).isEqualTo(6.0);
    }

    @Test
    void aWorkerHoldingNothingKeepsTheAlphaAndEstimatesNothing() {
        assertThat(new InstanceShare(0, 6).alpha(0.01)).isEqualTo(0.01);
        assertThat(new InstanceShare(0, 6).estimatedInstances()).isNaN();
    }

    @Test
    void moreHeldThanExistIsRefused() {
        assertThatThrownBy(() -> new InstanceShare(7, 6)).hasMessageContaining("0..6");
    }
}
