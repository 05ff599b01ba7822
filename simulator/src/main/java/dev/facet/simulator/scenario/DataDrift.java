package dev.facet.simulator.scenario;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Covariate shift: larger stones and a cheaper cut mix than the model was trained on.
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
public record DataDrift(HeldOut rows, HeldOut fairOrGood, double caratFactor, double fairGoodShare, Mode mode)
        implements Scenario {

    static final Set<String> CHEAP_CUTS = Set.of("Fair", "Good");

    public DataDrift {
        if (!(caratFactor >= 1) || !Double.isFinite(caratFactor)) {
            throw new IllegalArgumentException("carat factor must be a finite number >= 1, got " + caratFactor);
        }
        if (!(fairGoodShare >= 0 && fairGoodShare <= 1)) {
            throw new IllegalArgumentException("Fair/Good share must be in [0, 1], got " + fairGoodShare);
        }
    }

    public static DataDrift of(HeldOut rows, double caratFactor, double fairGoodShare, Mode mode) {
        return new DataDrift(rows, rows.where(r -> CHEAP_CUTS.contains(r.diamond().cut()), "cut Fair or Good"),
                caratFactor, fairGoodShare, mode);
    }

    @Override
    public PlannedRequest next(double progress, SplittableRandom random) {
        double strength = mode.strength(progress);
        LabelledDiamond row = random.nextDouble() < strength * fairGoodShare ? fairOrGood.draw(random) : rows.draw(random);
        double factor = 1 + strength * (caratFactor - 1);
        Diamond scaled = scale(row.diamond(), factor);
        boolean real = scaled.equals(row.diamond());
        return PlannedRequest.valid(scaled, real ? row.price() : Double.NaN);
    }

    /** Carat times {@code factor} (capped at the schema's maximum), x, y, z times the cube root of what was applied. */
    static Diamond scale(Diamond d, double factor) {
        double applied = Math.min(factor, DiamondSchema.CARAT.max() / d.carat());
        if (applied <= 1) {
            return d;
        }
        double length = Math.cbrt(applied);
        return new Diamond(d.carat() * applied, d.cut(), d.color(), d.clarity(), d.depth(), d.table(),
                d.x() * length, d.y() * length, d.z() * length);
    }

    @Override
    public String describe() {
        return "data-drift (" + mode.name().toLowerCase() + "): carat x" + caratFactor + " (x, y, z x"
                + String.format("%.3f", Math.cbrt(caratFactor)) + "), " + Math.round(fairGoodShare * 100)
                + "% drawn from Fair/Good cuts at full strength; no ground truth for scaled rows";
    }
}
