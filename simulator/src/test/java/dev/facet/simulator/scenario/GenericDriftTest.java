package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The generic drift options, each on a real model's rows, seeded: the same seed gives the same requests. */
class GenericDriftTest {

    private static final int N = 4_000;

    @Test
    void scaleMultipliesOneNumericFeatureAndDropsTheGroundTruthOfChangedRows() {
        Drift drift = new DriftBuilder(Rows.SAMPLE).scale("carat=1.3").build("drift", Mode.SUDDEN);
        int carat = Rows.SAMPLE.schema().indexOf("carat");
        SplittableRandom random = new SplittableRandom(3);
        SplittableRandom same = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            PlannedRequest r = drift.next(i / 500.0, random);
            Row original = Rows.SAMPLE.draw(same);
            assertThat(r.row().number(carat)).isCloseTo(original.number(carat) * 1.3, within(1e-12));
            for (int f = 0; f < original.size(); f++) {
                if (f != carat) {
                    assertThat(r.row().value(f)).isEqualTo(original.value(f));
                }
            }
            assertThat(r.hasGroundTruth()).as("a scaled row's price is unknown").isFalse();
            assertThat(Bodies.isValidDiamond(r.body())).as(r.body()).isTrue();
        }
    }

    @Test
    void scaleRampsWithProgressWhenGradualAndStaysInsideTheSchemasRange() {
        Drift drift = new DriftBuilder(Rows.SAMPLE).scale("carat=3").build("drift", Mode.GRADUAL);
        int carat = Rows.SAMPLE.schema().indexOf("carat");
        double original = Rows.SAMPLE.draw(new SplittableRandom(4)).number(carat);
        assertThat(drift.next(0.5, new SplittableRandom(4)).row().number(carat)).isCloseTo(original * 2, within(1e-12));
        PlannedRequest start = drift.next(0.0, new SplittableRandom(4));
        assertThat(start.row().number(carat)).isEqualTo(original);
        assertThat(start.hasGroundTruth()).as("an unchanged row keeps its real price").isTrue();

        Row big = Rows.row(new dev.facet.contracts.schema.Diamond(4.0, "Ideal", "G", "SI1", 61, 57, 10, 10, 6.1), 1);
        Transforms.Scale scale = new Transforms.Scale(carat, Rows.SAMPLE.schema().features().get(carat), 3);
        assertThat(scale.apply(big, 1, new SplittableRandom(1)).number(carat)).isEqualTo(10.0);
    }

    @Test
    void scalingDownStopsAtTheSchemasMinimumSoEveryRequestIsStillValid() {
        int mass = Penguins.feature("body_mass_g");
        double min = Penguins.META.schema().features().get(mass).min();
        Drift drift = new DriftBuilder(Penguins.ALL).scale("body_mass_g=0.1").build("drift", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(14);
        int atMinimum = 0;
        for (int i = 0; i < 500; i++) {
            PlannedRequest r = drift.next(1, random);
            assertThat(SchemaBodies.problems(Penguins.META.schema(), r.body())).as(r.body()).isEmpty();
            atMinimum += r.row().value(mass) != null && r.row().number(mass) == min ? 1 : 0;
        }
        assertThat(atMinimum).as("a tenth of any penguin's mass is below the schema's minimum").isPositive();
    }

    @Test
    void aMissingValueStaysMissingWhenScaled() {
        int culmen = Penguins.feature("culmen_length_mm");
        Row withNull = Penguins.ALL.rows().stream().filter(r -> r.value(culmen) == null).findFirst().orElseThrow();
        Transforms.Scale scale = new Transforms.Scale(culmen, Penguins.META.schema().features().get(culmen), 1.2);
        assertThat(scale.apply(withNull, 1, new SplittableRandom(1))).isSameAs(withNull);
    }

    @Test
    void shiftDrawsTheShareFromTheNamedCategoryAndKeepsRealActuals() {
        int island = Penguins.feature("island");
        Predicate<Row> dream = r -> "Dream".equals(r.value(island));
        double before = share(new DriftBuilder(Penguins.ALL).shift("island=Dream:0.8").build("d", Mode.GRADUAL), 0,
                dream);
        double after = share(new DriftBuilder(Penguins.ALL).shift("island=Dream:0.8").build("d", Mode.GRADUAL), 1,
                dream);
        double base = Penguins.ALL.rows().stream().filter(dream).count() / (double) Penguins.ALL.rows().size();
        assertThat(before).isCloseTo(base, within(0.03));
        assertThat(after).as("0.8 from Dream plus Dream's share of the rest").isCloseTo(0.8 + 0.2 * base, within(0.03));
        Drift drift = new DriftBuilder(Penguins.ALL).shift("island=Dream:0.8").build("d", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 500; i++) {
            PlannedRequest r = drift.next(1, random);
            assertThat(r.actual()).as("a resampled row is real").isEqualTo(r.row().actual());
            assertThat(Penguins.ALL.rows()).contains(r.row());
        }
    }

    @Test
    void shiftingAClassifiersTargetResamplesTheClassMix() {
        Drift drift = new DriftBuilder(Penguins.HELD_OUT).shift("species=Chinstrap:0.8").build("d", Mode.SUDDEN);
        double chinstraps = share(drift, 1, r -> "Chinstrap".equals(r.actual()));
        double base = Penguins.HELD_OUT.rows().stream().filter(r -> "Chinstrap".equals(r.actual())).count()
                / (double) Penguins.HELD_OUT.rows().size();
        assertThat(base).isLessThan(0.35);
        assertThat(chinstraps).isCloseTo(0.8 + 0.2 * base, within(0.03));
    }

    @Test
    void missingBlanksTheShareOfAnOptionalFeatureAsJsonNull() {
        int sex = Penguins.feature("sex");
        Drift drift = new DriftBuilder(Penguins.ALL).missing("sex=0.5").build("d", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(5);
        int blank = 0;
        for (int i = 0; i < N; i++) {
            PlannedRequest r = drift.next(1, random);
            if (r.row().value(sex) == null) {
                blank++;
                Map<String, Object> body = SchemaBodies.fields(r.body());
                assertThat(body).containsKey("sex");
                assertThat(body.get("sex")).isNull();
            }
            assertThat(r.hasGroundTruth()).as("a missing measurement keeps the real species").isTrue();
            assertThat(SchemaBodies.problems(Penguins.META.schema(), r.body())).as(r.body()).isEmpty();
        }
        double original = Penguins.ALL.rows().stream().filter(r -> r.value(sex) == null).count()
                / (double) Penguins.ALL.rows().size();
        assertThat(blank / (double) N).isCloseTo(0.5 + 0.5 * original, within(0.03));
    }

    @Test
    void missingIsRefusedForAFeatureTheSchemaRequires() {
        assertThatThrownBy(() -> new DriftBuilder(Rows.SAMPLE).missing("carat=0.5"))
                .hasMessageContaining("--missing carat").hasMessageContaining("does not allow a missing carat");
        assertThatThrownBy(() -> new DriftBuilder(Rows.SAMPLE).missing("colour=0.5"))
                .hasMessageContaining("no feature 'colour'").hasMessageContaining("color");
    }

    @Test
    void inflateMultipliesARegressionsActualsAndIsRefusedForAClassifier() {
        Drift drift = new DriftBuilder(Rows.SAMPLE).inflate(1.3).build("d", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(6);
        SplittableRandom same = new SplittableRandom(6);
        for (int i = 0; i < 200; i++) {
            PlannedRequest r = drift.next(0.3, random);
            Row original = Rows.SAMPLE.draw(same);
            assertThat(r.row().sameFeatures(original)).isTrue();
            assertThat(r.actualValue()).isCloseTo(Rows.price(original) * 1.3, within(1e-9));
        }
        assertThatThrownBy(() -> new DriftBuilder(Penguins.HELD_OUT).inflate(1.3)).hasMessageContaining("classifier");
    }

    @Test
    void labelNoiseReplacesTheShareOfActualsByAnotherLabelAndLeavesTheInputs() {
        List<String> labels = ((Task.Classification) Penguins.META.schema().task()).labels();
        Drift drift = new DriftBuilder(Penguins.HELD_OUT).labelNoise(0.3).build("d", Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(12);
        int changed = 0;
        List<String> replacements = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            PlannedRequest r = drift.next(1, random);
            Row drawn = r.row().withActual(Penguins.HELD_OUT.rows().stream().filter(x -> x.sameFeatures(r.row()))
                    .findFirst().orElseThrow().actual());
            assertThat(labels).contains((String) r.actual());
            if (!r.actual().equals(drawn.actual())) {
                changed++;
                replacements.add((String) r.actual());
            }
        }
        assertThat(changed / (double) N).isCloseTo(0.3, within(0.03));
        assertThat(replacements).containsAll(labels);
        assertThatThrownBy(() -> new DriftBuilder(Rows.SAMPLE).labelNoise(0.3)).hasMessageContaining("regression");
    }

    @Test
    void optionsNamingWhatTheModelLacksAreRefusedWithWhatItHas() {
        DriftBuilder penguins = new DriftBuilder(Penguins.HELD_OUT);
        assertThatThrownBy(() -> penguins.scale("carat=1.3")).hasMessageContaining("no feature 'carat'")
                .hasMessageContaining("island");
        assertThatThrownBy(() -> penguins.scale("island=1.3")).hasMessageContaining("categorical");
        assertThatThrownBy(() -> penguins.shift("island=Atlantis:0.5")).hasMessageContaining("[Atlantis]")
                .hasMessageContaining("Dream");
        assertThatThrownBy(() -> penguins.shift("species=Emperor:0.5")).hasMessageContaining("labels");
        assertThatThrownBy(() -> penguins.shift("island=Dream")).hasMessageContaining("expected FEATURE=");
        assertThatThrownBy(() -> penguins.shift("island=Dream:lots")).hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> penguins.missing("sex=1.5")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> penguins.scale("culmen_length_mm=-1")).hasMessageContaining("> 0");
    }

    @Test
    void theSameSeedGivesTheSameRequestsForACombinedDrift() {
        Drift drift = new DriftBuilder(Penguins.HELD_OUT).shift("island=Dream:0.5").missing("sex=0.4")
                .scale("body_mass_g=1.2").labelNoise(0.2).build("d", Mode.GRADUAL);
        SplittableRandom a = new SplittableRandom(77);
        SplittableRandom b = new SplittableRandom(77);
        for (int i = 0; i < 300; i++) {
            PlannedRequest x = drift.next(i / 300.0, a);
            PlannedRequest y = drift.next(i / 300.0, b);
            assertThat(x.body()).isEqualTo(y.body());
            assertThat(x.actual()).isEqualTo(y.actual());
        }
    }

    private static double share(Drift drift, double progress, Predicate<Row> what) {
        SplittableRandom random = new SplittableRandom(21);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            PlannedRequest r = drift.next(progress, random);
            if (what.test(r.row().withActual(r.actual()))) {
                hits++;
            }
        }
        return hits / (double) N;
    }
}
