package dev.facet.serving.inference;

import dev.facet.contracts.schema.Diamond;

import java.util.List;

/**
 * What the endpoints need from a model: a price for a validated diamond. The seam where a backend is swapped
 * (another algorithm, a remote model) and where a reload replaces the model atomically.
 *
 * <p>Implementations must be thread-safe and allocation-light: they are called from several event loops.
 */
public interface Predictor {

    /** Predicted price in USD. */
    double predict(Diamond diamond);

    /**
     * Prices for {@code rows}, in order, each equal to {@link #predict} on that row. A backend overrides this
     * when it can do a batch faster than row by row.
     */
    default double[] predictAll(List<Diamond> rows) {
        double[] prices = new double[rows.size()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = predict(rows.get(i));
        }
        return prices;
    }
}
