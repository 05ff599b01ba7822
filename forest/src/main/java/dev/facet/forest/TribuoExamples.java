package dev.facet.forest;

import dev.facet.contracts.schema.ModelSchema;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

import java.util.Arrays;

/**
 * Tribuo {@link Example}s from feature vectors in a schema's order, the one encoding shared by training, the
 * agreement check and the compiled forest: a numeric feature is its value, a categorical one the 1-based position
 * of its category in the schema's list ({@code Feature.ordinalOf}), and a missing value ({@code NaN}) is left out
 * of the example. Tribuo's trees read an absent feature as 0, in training and in prediction alike, so a missing
 * value is 0 to the model ({@link ModelSchema#MISSING_MEANS}); the compiled forest reads {@code NaN} as 0 too.
 *
 * <p>Immutable; one instance serves every thread.
 */
public final class TribuoExamples {

    private final String[] names;

    public TribuoExamples(ModelSchema schema) {
        this.names = schema.names().toArray(String[]::new);
    }

    /**
     * An example of {@code output} (the label or value to learn, or the output factory's unknown output when
     * predicting) whose features are the non-NaN values of {@code x}.
     */
    public <T extends Output<T>> Example<T> example(T output, double[] x) {
        if (x.length != names.length) {
            throw new IllegalArgumentException("expected " + names.length + " values in schema order "
                    + Arrays.toString(names) + ", got " + x.length);
        }
        int present = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                present++;
            }
        }
        if (present == x.length) {
            return new ArrayExample<>(output, names, x);
        }
        String[] n = new String[present];
        double[] v = new double[present];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                n[j] = names[i];
                v[j++] = x[i];
            }
        }
        return new ArrayExample<>(output, n, v);
    }

    /** The feature names in schema order (a copy). */
    public String[] names() {
        return names.clone();
    }
}
