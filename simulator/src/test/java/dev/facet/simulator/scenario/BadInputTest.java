package dev.facet.simulator.scenario;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BadInputTest {

    @Test
    void everyInvalidRequestIsRejectedByTheSchemaAndEveryValidOneAccepted() {
        BadInput scenario = new BadInput(Rows.SAMPLE, 0.5);
        SplittableRandom random = new SplittableRandom(13);
        Map<BadKind, Integer> kinds = new EnumMap<>(BadKind.class);
        int bad = 0;
        for (int i = 0; i < 2_000; i++) {
            PlannedRequest r = scenario.next(0, random);
            if (r.valid()) {
                assertThat(Bodies.isValidDiamond(r.body())).as(r.body()).isTrue();
                assertThat(r.hasGroundTruth()).isTrue();
                continue;
            }
            bad++;
            kinds.merge(r.bad(), 1, Integer::sum);
            assertThat(r.hasGroundTruth()).isFalse();
            var parsed = Bodies.validate(r.body());
            if (r.bad() == BadKind.MALFORMED_JSON) {
                assertThat(parsed).as("not JSON: " + r.body()).isEmpty();
            } else {
                assertThat(parsed).as(r.body()).isPresent();
                assertThat(parsed.get().valid()).as(r.body()).isFalse();
                assertThat(parsed.get().errors()).as(r.body()).hasSize(1);
            }
        }
        assertThat(kinds).containsOnlyKeys(BadKind.values());
        assertThat(bad / 2_000.0).isBetween(0.45, 0.55);
    }

    @Test
    void aZeroShareSendsOnlyValidRows() {
        BadInput scenario = new BadInput(Rows.SAMPLE, 0.0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            assertThat(scenario.next(0, random).valid()).isTrue();
        }
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        BadInput scenario = new BadInput(Rows.SAMPLE, 0.3);
        SplittableRandom a = new SplittableRandom(99);
        SplittableRandom b = new SplittableRandom(99);
        for (int i = 0; i < 300; i++) {
            assertThat(scenario.next(0, a).body()).isEqualTo(scenario.next(0, b).body());
        }
    }
}
