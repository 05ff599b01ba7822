package dev.facet.simulator.scenario;

import java.util.List;

/**
 * Concept shift ({@code --scenario concept-drift}): the same inputs as training, but the market pays more for
 * them. Requests are unchanged held-out rows; the ground truth posted later is their real value inflated by
 * {@code inflationPercent} (at full strength), so the features look fine while the error grows: what only ground
 * truth can reveal. The percentage form of {@code --inflate}.
 */
public final class ConceptDrift {

    private ConceptDrift() {
    }

    public static Drift of(HeldOut rows, double inflationPercent, Mode mode) {
        if (!Double.isFinite(inflationPercent) || inflationPercent <= -100) {
            throw new IllegalArgumentException("inflation must be a finite percentage > -100, got " + inflationPercent);
        }
        if (rows.schema().isClassification()) {
            throw new IllegalArgumentException("concept-drift inflates numeric actuals; for a classifier use"
                    + " --label-noise");
        }
        return new Drift("concept-drift", rows, List.of(), List.of(new Transforms.Inflate(1 + inflationPercent / 100)),
                mode);
    }
}
