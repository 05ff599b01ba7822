package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataDriftTest {

    @Test
    void scalingMultipliesCaratByTheFactorAndLengthsByItsCubeRoot() {
        Row row = Rows.SAMPLE.rows().get(0);
        Diamond d = Rows.diamond(row);
        Diamond s = Rows.diamond(DataDrift.CaratVolume.of(Rows.SAMPLE, 1.5).scale(row, 1.5));
        assertThat(s.carat()).isCloseTo(d.carat() * 1.5, within(1e-12));
        double k = Math.cbrt(1.5);
        assertThat(s.x()).isCloseTo(d.x() * k, within(1e-12));
        assertThat(s.y()).isCloseTo(d.y() * k, within(1e-12));
        assertThat(s.z()).isCloseTo(d.z() * k, within(1e-12));
        // volume (x * y * z) grows as carat does, and the ratios stay: the row is still a plausible stone
        assertThat(s.x() * s.y() * s.z() / (d.x() * d.y() * d.z())).isCloseTo(1.5, within(1e-9));
        assertThat(s.depth()).isEqualTo(d.depth());
        assertThat(s.table()).isEqualTo(d.table());
        assertThat(List.of(s.cut(), s.color(), s.clarity())).containsExactly(d.cut(), d.color(), d.clarity());
    }

    @Test
    void scalingIsCappedSoCaratStaysInsideTheSchemaRange() {
        Diamond big = new Diamond(4.0, "Ideal", "G", "SI1", 61.0, 57.0, 10.0, 10.0, 6.1);
        Diamond s = Rows.diamond(DataDrift.CaratVolume.of(Rows.SAMPLE, 4.0).scale(Rows.row(big, 1000), 4.0));
        assertThat(s.carat()).isCloseTo(DiamondSchema.CARAT.max(), within(1e-9));
        assertThat(s.x()).isCloseTo(10.0 * Math.cbrt(DiamondSchema.CARAT.max() / 4.0), within(1e-9));
    }

    @Test
    void everyDriftedRowIsStillValidForTheSchema() {
        Drift drift = DataDrift.of(Rows.SAMPLE, 3.0, 0.8, Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            PlannedRequest r = drift.next(i / 5_000.0, random);
            assertThat(r.valid()).isTrue();
            assertThat(Bodies.isValidDiamond(r.body())).as(r.body()).isTrue();
        }
    }

    @Test
    void suddenDriftAppliesTheFullFactorFromTheFirstRequest() {
        Drift drift = DataDrift.of(Rows.SAMPLE, 1.5, 0.0, Mode.SUDDEN);
        PlannedRequest first = drift.next(0.0, new SplittableRandom(1));
        Row original = rowDrawnBy(1);
        assertThat(Rows.diamond(first.row()).carat()).isCloseTo(Rows.diamond(original).carat() * 1.5, within(1e-12));
        assertThat(first.hasGroundTruth()).as("a scaled row has no known price").isFalse();
    }

    @Test
    void gradualDriftRampsTheFactorFromNoneToFull() {
        Drift drift = DataDrift.of(Rows.SAMPLE, 2.0, 0.0, Mode.GRADUAL);
        for (double progress : new double[] {0.0, 0.25, 0.5, 1.0}) {
            Row original = rowDrawnBy(3);
            PlannedRequest r = drift.next(progress, new SplittableRandom(3));
            assertThat(Rows.diamond(r.row()).carat() / Rows.diamond(original).carat()).as("progress " + progress)
                    .isCloseTo(1 + progress, within(1e-9));
        }
        PlannedRequest start = drift.next(0.0, new SplittableRandom(3));
        assertThat(start.hasGroundTruth()).as("an unscaled row keeps its real price").isTrue();
        assertThat(start.actualValue()).isEqualTo(Rows.price(rowDrawnBy(3)));
    }

    @Test
    void theCutMixShiftsTowardsFairAndGood() {
        double before = cheapShare(DataDrift.of(Rows.SAMPLE, 1.0, 0.8, Mode.GRADUAL), 0.0);
        double after = cheapShare(DataDrift.of(Rows.SAMPLE, 1.0, 0.8, Mode.GRADUAL), 1.0);
        assertThat(before).as("the held-out mix").isLessThan(0.2);
        // 0.8 from the Fair/Good pool plus the Fair/Good share of the other 0.2
        assertThat(after).isBetween(0.78, 0.88);
    }

    @Test
    void caratFactorOneDriftsOnlyTheCutMixAndKeepsRealPrices() {
        Drift drift = DataDrift.of(Rows.SAMPLE, 1.0, 0.8, Mode.SUDDEN);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            assertThat(drift.next(0.5, random).hasGroundTruth()).isTrue();
        }
    }

    @Test
    void refusesAFactorBelowOneOrAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> DataDrift.of(Rows.SAMPLE, 0.5, 0.8, Mode.SUDDEN)).hasMessageContaining("carat factor");
        assertThatThrownBy(() -> DataDrift.of(Rows.SAMPLE, 1.5, 1.2, Mode.SUDDEN)).hasMessageContaining("share");
    }

    /** The row the scenario draws from the whole pool for a seed: it first draws the pool choice. */
    private static Row rowDrawnBy(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        random.nextDouble();
        return Rows.SAMPLE.draw(random);
    }

    private static double cheapShare(Drift drift, double progress) {
        SplittableRandom random = new SplittableRandom(5);
        List<String> cuts = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            cuts.add(Rows.diamond(drift.next(progress, random).row()).cut());
        }
        return cuts.stream().filter(DataDrift.CHEAP_CUTS::contains).count() / (double) cuts.size();
    }
}
