package dev.facet.serving.inference;

import dev.facet.common.schema.Diamond;

/**
 * What the endpoints need from a model: a price for a validated diamond. The seam where a backend is swapped
 * (another algorithm, a remote model) and where a reload replaces the model atomically.
 *
 * <p>Implementations must be thread-safe and allocation-light: they are called from several event loops.
 */
public interface Predictor {

    /** Predicted price in USD. */
    double predict(Diamond diamond);
}
