package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Feature;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The issue-21 scenarios: each does what its name says to its model, and refuses a model it cannot drift. */
class PresetTest {

    private static final int N = 4_000;

    @Test
    void caratScaledMakesLargerButConsistentStones() {
        Drift drift = Preset.CARAT_SCALED.of(Rows.SAMPLE, Mode.SUDDEN);
        int carat = Rows.SAMPLE.schema().indexOf("carat");
        int x = Rows.SAMPLE.schema().indexOf("x");
        SplittableRandom random = new SplittableRandom(1);
        SplittableRandom same = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            PlannedRequest r = drift.next(1, random);
            Row original = Rows.SAMPLE.draw(same);
            assertThat(r.row().number(carat)).isCloseTo(original.number(carat) * 1.3, within(1e-9));
            assertThat(r.row().number(x)).isCloseTo(original.number(x) * Math.cbrt(1.3), within(1e-9));
            assertThat(r.hasGroundTruth()).isFalse();
            assertThat(Bodies.isValidDiamond(r.body())).isTrue();
        }
    }

    @Test
    void cutShiftedDrawsMostlyFairAndGood() {
        int cut = Rows.SAMPLE.schema().indexOf("cut");
        double share = share(Preset.CUT_SHIFTED.of(Rows.SAMPLE, Mode.SUDDEN),
                r -> DataDrift.CHEAP_CUTS.contains((String) r.row().value(cut)) ? 1 : 0);
        assertThat(share).isBetween(0.78, 0.88);
    }

    @Test
    void pricesInflatedRaisesEveryActualByFifteenPercent() {
        Drift drift = Preset.PRICES_INFLATED.of(Rows.SAMPLE, Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(2);
        SplittableRandom same = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            assertThat(drift.next(1, random).actualValue())
                    .isCloseTo(Rows.price(Rows.SAMPLE.draw(same)) * 1.15, within(1e-9));
        }
    }

    @Test
    void speciesShiftedDrawsMostlyChinstraps() {
        assertThat(share(Preset.SPECIES_SHIFTED.of(Penguins.HELD_OUT, Mode.SUDDEN),
                r -> "Chinstrap".equals(r.actual()) ? 1 : 0)).isGreaterThan(0.8);
    }

    @Test
    void missingSurgeBlanksEveryOptionalFeatureInAboutThirtyPercentOfRows() {
        Drift drift = Preset.MISSING_SURGE.of(Penguins.HELD_OUT, Mode.SUDDEN);
        List<Feature> features = Penguins.META.schema().features();
        List<Feature> optional = features.stream().filter(Feature::missingAllowed).toList();
        assertThat(optional).as("the inferred penguins schema lets measurements and sex be missing").hasSizeGreaterThan(1);
        for (Feature f : optional) {
            int i = features.indexOf(f);
            double blank = share(drift, r -> r.row().value(i) == null ? 1 : 0);
            double already = Penguins.HELD_OUT.rows().stream().filter(r -> r.value(i) == null).count()
                    / (double) Penguins.HELD_OUT.rows().size();
            assertThat(blank).as(f.name()).isCloseTo(0.3 + 0.7 * already, within(0.03));
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            PlannedRequest r = drift.next(1, random);
            assertThat(SchemaBodies.problems(Penguins.META.schema(), r.body())).as(r.body()).isEmpty();
            assertThat(r.hasGroundTruth()).isTrue();
        }
    }

    @Test
    void labelNoiseMislabelsAboutThirtyPercentOfActuals() {
        Drift drift = Preset.LABEL_NOISE.of(Penguins.HELD_OUT, Mode.SUDDEN);
        Drift clean = new DriftBuilder(Penguins.HELD_OUT).build("none", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(4);
        int wrong = 0;
        for (int i = 0; i < N; i++) {
            PlannedRequest r = drift.next(1, random);
            Object truth = Penguins.HELD_OUT.rows().stream().filter(x -> x.sameFeatures(r.row())).findFirst()
                    .orElseThrow().actual();
            wrong += r.actual().equals(truth) ? 0 : 1;
        }
        assertThat(wrong / (double) N).isCloseTo(0.3, within(0.03));
        assertThat(clean.describe()).contains("no change");
    }

    @Test
    void aPresetRefusesAModelItCannotDriftNamingWhatIsMissing() {
        assertThatThrownBy(() -> Preset.CARAT_SCALED.of(Penguins.HELD_OUT, Mode.SUDDEN))
                .hasMessageContaining("scenario carat-scaled does not apply").hasMessageContaining("no feature 'carat'");
        assertThatThrownBy(() -> Preset.CUT_SHIFTED.of(Penguins.HELD_OUT, Mode.SUDDEN))
                .hasMessageContaining("no feature 'cut'");
        assertThatThrownBy(() -> Preset.PRICES_INFLATED.of(Penguins.HELD_OUT, Mode.SUDDEN))
                .hasMessageContaining("classifier");
        assertThatThrownBy(() -> Preset.SPECIES_SHIFTED.of(Rows.SAMPLE, Mode.SUDDEN))
                .hasMessageContaining("no feature 'species'");
        assertThatThrownBy(() -> Preset.MISSING_SURGE.of(Rows.SAMPLE, Mode.SUDDEN))
                .hasMessageContaining("allows no missing value");
        assertThatThrownBy(() -> Preset.LABEL_NOISE.of(Rows.SAMPLE, Mode.SUDDEN)).hasMessageContaining("regression");
    }

    @Test
    void gradualPresetsStartClean() {
        PlannedRequest first = Preset.LABEL_NOISE.of(Penguins.HELD_OUT, Mode.GRADUAL).next(0, new SplittableRandom(9));
        PlannedRequest plain = Scenario.replay(Penguins.HELD_OUT).next(0, new SplittableRandom(9));
        assertThat(first.body()).isEqualTo(plain.body());
        assertThat(first.actual()).isEqualTo(plain.actual());
    }

    private static double share(Drift drift, Function<PlannedRequest, Integer> hit) {
        SplittableRandom random = new SplittableRandom(31);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            hits += hit.apply(drift.next(1, random));
        }
        return hits / (double) N;
    }
}
