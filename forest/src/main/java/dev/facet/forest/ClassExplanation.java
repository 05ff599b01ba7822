package dev.facet.forest;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SHAP explanation of a classifier's probabilities for one row: per class {@code c},
 * {@code probability(c) = expectedValue(c) + sum over features of contribution(c, feature)} (up to floating-point
 * rounding). Classes are in the schema's label order, features in schema order. Immutable: arrays are copied in
 * and out.
 */
public final class ClassExplanation {

    private final double[] probabilities;
    private final double[] expectedValues;
    /** Class {@code c}'s contributions at {@code [c * features, (c + 1) * features)}. */
    private final double[] contributions;
    private final int features;

    ClassExplanation(double[] probabilities, double[] expectedValues, double[] contributions, int features) {
        if (expectedValues.length != probabilities.length || contributions.length != probabilities.length * features) {
            throw new IllegalArgumentException(probabilities.length + " classes, " + expectedValues.length
                    + " expected values and " + contributions.length + " contributions over " + features + " features");
        }
        this.probabilities = probabilities.clone();
        this.expectedValues = expectedValues.clone();
        this.contributions = contributions.clone();
        this.features = features;
    }

    public int classes() {
        return probabilities.length;
    }

    /** The forest's probability of class {@code c} for the explained row. */
    public double probability(int c) {
        return probabilities[c];
    }

    /** The mean probability of class {@code c} over the explainer's background: where class c's values start. */
    public double expectedValue(int c) {
        return expectedValues[c];
    }

    /** Class {@code c}'s SHAP value per feature, in schema order. */
    public double[] contributions(int c) {
        return Arrays.copyOfRange(contributions, c * features, (c + 1) * features);
    }

    /** {@code expectedValue(c) + sum(contributions(c))}: equals {@link #probability(int)} within rounding. */
    public double reconstructed(int c) {
        double sum = expectedValues[c];
        for (int f = 0; f < features; f++) {
            sum += contributions[c * features + f];
        }
        return sum;
    }

    /** Label to (feature name to contribution), in the orders given: the shape an HTTP response wants. */
    public Map<String, Map<String, Double>> byClass(List<String> labels, List<String> names) {
        if (labels.size() != classes() || names.size() != features) {
            throw new IllegalArgumentException(classes() + " classes over " + features + " features, but "
                    + labels.size() + " labels and " + names.size() + " feature names");
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int c = 0; c < classes(); c++) {
            Map<String, Double> perFeature = new LinkedHashMap<>();
            for (int f = 0; f < features; f++) {
                perFeature.put(names.get(f), contributions[c * features + f]);
            }
            out.put(labels.get(c), Collections.unmodifiableMap(perFeature));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "ClassExplanation[probabilities=" + Arrays.toString(probabilities) + ", expectedValues="
                + Arrays.toString(expectedValues) + "]";
    }
}
