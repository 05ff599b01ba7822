package dev.facet.simulator.scenario;

import java.util.SplittableRandom;

/**
 * One change a drift scenario makes to each drawn row, at a strength in [0, 1] (none to full; {@link Mode} says how
 * it grows over a run). Pure: the same row, strength and random state give the same result.
 */
public interface RowTransform {

    Row apply(Row row, double strength, SplittableRandom random);

    /**
     * Whether a row this transform changed still has its real actual. A scaled measurement makes a synthetic row
     * whose real answer nobody knows, so the simulator posts none rather than invent one; a value gone missing, or
     * a changed actual, keeps (or is) the ground truth.
     */
    default boolean keepsActual() {
        return true;
    }

    /** A few words for the start banner, e.g. {@code carat x1.3}. */
    String describe();
}
