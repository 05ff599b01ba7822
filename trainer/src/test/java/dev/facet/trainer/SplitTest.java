package dev.facet.trainer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SplitTest {

    @Test
    void theSameSeedGivesTheSameSplitAndPartsAreDisjointAndComplete() {
        Split a = Split.of(1000, 0.2, 42);
        Split b = Split.of(1000, 0.2, 42);
        assertThat(a.heldOut()).isEqualTo(b.heldOut());
        assertThat(a.heldOut()).hasSize(200);
        int[] all = IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.heldOut())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        assertThat(Split.of(1000, 0.2, 1).heldOut()).isNotEqualTo(Split.of(1000, 0.2, 2).heldOut());
    }
}
