package dev.facet.simulator.scenario;

/** How a drift scenario reaches its full strength over a run. */
public enum Mode {
    /** Full strength from the first request: a step change, what a broken upstream join looks like. */
    SUDDEN,
    /** Strength grows linearly from none at the start of the run to full at its end: a slow market shift. */
    GRADUAL;

    /** Drift strength in [0, 1] at {@code progress} in [0, 1] of the run. */
    public double strength(double progress) {
        return this == SUDDEN ? 1.0 : Math.max(0, Math.min(1, progress));
    }
}
