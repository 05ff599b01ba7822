package dev.facet.drift.window;

/**
 * The drift-relevant values of one event, in a model version's column order: a scratch object that
 * {@link EventColumns} fills and a window copies, so that no object is made per event.
 */
public final class Row {

    /** A categorical value that is missing. */
    public static final int MISSING = -1;
    /** A categorical value that is not one of the schema's categories. */
    public static final int UNKNOWN = -2;

    /** Per numeric feature; NaN when missing. */
    final double[] numeric;
    /** Per categorical feature, the category's index in the schema, or {@link #MISSING} or {@link #UNKNOWN}. */
    final int[] category;
    /** A regressor's prediction, or a classifier's top-class probability. */
    double prediction;
    /** A classifier's label index (schema order); unused for a regressor. */
    int label;
    long timeMillis;

    public Row(int numeric, int categorical) {
        this.numeric = new double[numeric];
        this.category = new int[categorical];
    }
}
