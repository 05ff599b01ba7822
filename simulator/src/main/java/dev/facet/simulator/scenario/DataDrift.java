package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The diamonds' covariate shift ({@code --scenario data-drift}): larger stones and a cheaper cut mix than the model
 * was trained on. It needs the diamonds' features (carat, x, y, z, cut); the generic {@code --scale} and
 * {@code --shift} drift any model.
 *
 * <p>Carat is multiplied by a factor and the dimensions x, y, z by its cube root: carat is a weight, so it
 * grows with volume, and scaling all three lengths by the same amount keeps the row physically consistent
 * (depth = z / mean(x, y) and table are ratios and stay as they were). The factor is capped per row so that
 * carat stays inside the schema's range: drifted traffic must be served and flagged, not refused.
 *
 * <p>The cut mix shifts by drawing, with probability {@code fairGoodShare} at full strength, from the
 * held-out rows cut Fair or Good (about 12% of the data set) instead of from all of them.
 *
 * <p>Ground truth: a real row drawn unscaled keeps its real price; a scaled row is synthetic and nobody
 * knows its price, so none is posted rather than an invented one. Use {@code caratFactor = 1} to drift the
 * cut mix alone with real ground truth.
 */
public final class DataDrift {

    static final Set<String> CHEAP_CUTS = Set.of("Fair", "Good");

    private DataDrift() {
    }

    public static Drift of(HeldOut rows, double caratFactor, double fairGoodShare, Mode mode) {
        if (!(fairGoodShare >= 0 && fairGoodShare <= 1)) {
            throw new IllegalArgumentException("Fair/Good share must be in [0, 1], got " + fairGoodShare);
        }
        int cut = rows.feature("cut", "data-drift");
        MixShift cheap = new MixShift("cut Fair or Good",
                rows.where(r -> CHEAP_CUTS.contains(r.value(cut)), "cut Fair or Good"), fairGoodShare);
        return new Drift("data-drift", rows, List.of(cheap), List.of(CaratVolume.of(rows, caratFactor)), mode);
    }

    /** Carat times a factor (capped at the schema's maximum), x, y, z times the cube root of what was applied. */
    public record CaratVolume(int carat, int x, int y, int z, double max, double factor) implements RowTransform {

        public CaratVolume {
            if (!(factor >= 1) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("carat factor must be a finite number >= 1, got " + factor);
            }
        }

        static CaratVolume of(HeldOut rows, double factor) {
            ModelSchema s = rows.schema();
            int carat = rows.feature("carat", "data-drift");
            Feature f = s.features().get(carat);
            return new CaratVolume(carat, rows.feature("x", "data-drift"), rows.feature("y", "data-drift"),
                    rows.feature("z", "data-drift"), f.max(), factor);
        }

        @Override
        public Row apply(Row row, double strength, SplittableRandom random) {
            return scale(row, 1 + strength * (factor - 1));
        }

        /** {@code row} with carat times {@code by} (capped) and x, y, z times the cube root of what was applied. */
        public Row scale(Row row, double by) {
            double applied = Math.min(by, max / row.number(carat));
            if (!(applied > 1)) {
                return row;
            }
            double length = Math.cbrt(applied);
            return row.with(carat, row.number(carat) * applied).with(x, row.number(x) * length)
                    .with(y, row.number(y) * length).with(z, row.number(z) * length);
        }

        @Override
        public boolean keepsActual() {
            return false;
        }

        @Override
        public String describe() {
            return "carat x" + factor + " (x, y, z x" + String.format(Locale.ROOT, "%.3f", Math.cbrt(factor)) + ")";
        }
    }
}
