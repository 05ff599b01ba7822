package dev.facet.forest;

import dev.facet.contracts.schema.DiamondSchema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SHAP explanation of one prediction: {@code prediction = expectedValue + sum(contributions)} (up to
 * floating-point rounding, far below 1e-6 USD).
 *
 * @param prediction    the forest's price for the explained row, USD
 * @param expectedValue the forest's mean price over the explainer's background rows, USD: the baseline the
 *                      contributions move away from
 * @param contributions one SHAP value per feature in schema order ({@link DiamondSchema#FEATURES} for the
 *                      diamonds model), in the target's unit; copied in and out, so an instance is immutable
 */
public record Explanation(double prediction, double expectedValue, double[] contributions) {

    public Explanation {
        if (contributions.length == 0) {
            throw new IllegalArgumentException("expected one contribution per schema feature, got none");
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

    /** Feature name to contribution, in the diamonds schema's order: the shape an HTTP response wants. */
    public Map<String, Double> byFeature() {
        return byFeature(DiamondSchema.names());
    }

    /** Feature name to contribution, {@code names} being the schema's feature names in order. */
    public Map<String, Double> byFeature(List<String> names) {
        if (names.size() != contributions.length) {
            throw new IllegalArgumentException(contributions.length + " contributions but " + names.size()
                    + " feature names " + names);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < contributions.length; i++) {
            out.put(names.get(i), contributions[i]);
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
                + ", contributions=" + (contributions.length == DiamondSchema.FEATURES.size() ? byFeature()
                : Arrays.toString(contributions)) + "]";
    }
}
