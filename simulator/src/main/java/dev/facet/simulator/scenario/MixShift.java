package dev.facet.simulator.scenario;

import java.util.SplittableRandom;

/**
 * A shifted mix: at full strength, {@code share} of the rows are drawn from {@code pool} (the held-out rows whose
 * category, or actual label, is one of a few) instead of from all of them. Resampling real rows keeps every row
 * real, so their actuals stay the ground truth; only the mix changes (covariate shift, or prior shift when the
 * pool is chosen by the label).
 *
 * @param what names the pool for the banner, e.g. {@code island in [Dream]}
 */
public record MixShift(String what, HeldOut pool, double share) {

    public MixShift {
        Transforms.share(share, "--shift " + what);
    }

    /** A row of the pool, or null when this shift does not apply to this draw. Draws one value either way. */
    Row draw(double strength, SplittableRandom random) {
        return random.nextDouble() < strength * share ? pool.draw(random) : null;
    }

    public String describe() {
        return Transforms.percent(share) + " drawn from " + what;
    }
}
