package dev.facet.simulator.scenario;

import dev.facet.contracts.data.LabelledDiamond;

import java.util.SplittableRandom;

/**
 * Concept shift: the same inputs as training, but the market pays more for them. Requests are unchanged
 * held-out rows; the ground truth posted later is their real price inflated by {@code inflationPercent} (at
 * full strength), so the features look fine while the error grows: what only ground truth can reveal.
 */
public record ConceptDrift(HeldOut rows, double inflationPercent, Mode mode) implements Scenario {

    public ConceptDrift {
        if (!Double.isFinite(inflationPercent) || inflationPercent <= -100) {
            throw new IllegalArgumentException("inflation must be a finite percentage > -100, got " + inflationPercent);
        }
    }

    @Override
    public PlannedRequest next(double progress, SplittableRandom random) {
        LabelledDiamond row = rows.draw(random);
        double inflation = mode.strength(progress) * inflationPercent / 100;
        return PlannedRequest.valid(row.diamond(), row.price() * (1 + inflation));
    }

    @Override
    public String describe() {
        return "concept-drift (" + mode.name().toLowerCase() + "): inputs unchanged, actual prices +"
                + inflationPercent + "% at full strength";
    }
}
