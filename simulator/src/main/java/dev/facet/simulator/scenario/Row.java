package dev.facet.simulator.scenario;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row the simulator can send: the model's feature values in its schema's order, each a {@link Double} (numeric),
 * a {@link String} (categorical) or null (missing, where the schema allows it), and the row's actual answer, a
 * {@link Double} for a regression or a label for a classification. Immutable: a transform returns a new row.
 */
public final class Row {

    private final Object[] values;
    private final Object actual;

    public Row(Object[] values, Object actual) {
        this.values = values.clone();
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** The value of the feature at schema position {@code i}; null when missing. */
    public Object value(int i) {
        return values[i];
    }

    /** A numeric feature's value; NaN when it is missing. */
    public double number(int i) {
        return values[i] == null ? Double.NaN : (Double) values[i];
    }

    public int size() {
        return values.length;
    }

    public Object actual() {
        return actual;
    }

    /** This row with feature {@code i} set to {@code value}. */
    public Row with(int i, Object value) {
        Object[] copy = values.clone();
        copy[i] = value;
        return new Row(copy, actual);
    }

    public Row withActual(Object newActual) {
        return new Row(values, newActual);
    }

    /** Whether the features (not the actual) equal {@code other}'s. */
    public boolean sameFeatures(Row other) {
        return Arrays.equals(values, other.values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.equals(values, r.values) && actual.equals(r.actual);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + actual.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + " -> " + actual;
    }
}
