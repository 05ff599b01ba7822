package dev.facet.forest;

import dev.facet.contracts.schema.DiamondSchema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHAP explanation of one prediction: {@code prediction = expectedValue + sum(contributions)} (up to
 * floating-point rounding, far below 1e-6 USD).
 *
 * @param prediction    the forest's price for the explained row, USD
 * @param expectedValue the forest's mean price over the explainer's background rows, USD: the baseline the
 *                      contributions move away from
 * @param contributions one SHAP value per feature in {@link DiamondSchema#FEATURES} order, USD; copied in and
 *                      out, so an instance is immutable
 */
public record Explanation(double prediction, double expectedValue, double[] contributions) {

    public Explanation {
        if (contributions.length != DiamondSchema.FEATURES.size()) {
            throw new IllegalArgumentException("expected " + DiamondSchema.FEATURES.size()
                    + " contributions (one per schema feature), got " + contributions.length);
        }
        contributions = contributions.clone();
    }

    @Override
    public double[] contributions() {
        return contributions.clone();
    }

    /** The contribution of the feature at schema index {@code i}. */
    public double contribution(int i) {
        return contributions[i];
    }

    /** Feature name to contribution, in schema order: the shape an HTTP response wants. */
    public Map<String, Double> byFeature() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < contributions.length; i++) {
            out.put(DiamondSchema.FEATURES.get(i).name(), contributions[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code expectedValue + sum(contributions)}: equals {@link #prediction()} within rounding. */
    public double reconstructed() {
        double sum = expectedValue;
        for (double c : contributions) {
            sum += c;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Explanation e
                && Double.compare(prediction, e.prediction) == 0
                && Double.compare(expectedValue, e.expectedValue) == 0
                && Arrays.equals(contributions, e.contributions);
    }

    @Override
    public int hashCode() {
        int scalars = 31 * Double.hashCode(prediction) + Double.hashCode(expectedValue);
        return 31 * scalars + Arrays.hashCode(contributions);
    }

    @Override
    public String toString() {
        return "Explanation[prediction=" + prediction + ", expectedValue=" + expectedValue
                + ", contributions=" + byFeature() + "]";
    }
}
