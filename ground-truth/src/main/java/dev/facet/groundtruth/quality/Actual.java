package dev.facet.groundtruth.quality;

/**
 * The actual outcome of a prediction: a regression's value or a classification's label (exactly one is set).
 *
 * @param value the actual value, NaN for a label
 * @param label the actual label, null for a value
 */
public record Actual(double value, String label) {

    public static Actual value(double v) {
        return new Actual(v, null);
    }

    public static Actual label(String l) {
        return new Actual(Double.NaN, l);
    }

    public boolean isLabel() {
        return label != null;
    }
}
