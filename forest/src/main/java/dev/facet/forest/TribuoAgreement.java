package dev.facet.forest;

import dev.facet.contracts.schema.DiamondSchema;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.Locale;

/**
 * How far a compiled forest's prices are from those of the Tribuo model it was compiled from, over a set of rows:
 * the largest absolute difference, and the row where it occurs. A bundle's {@code forest.bin} is written only
 * when this is within {@link #TOLERANCE} on every held-out row, so what serving evaluates is Tribuo's model and
 * not merely something compiled from it (compiling drops whatever the layout cannot say, such as unequal tree
 * weights in an ensemble).
 *
 * @param rows     rows compared
 * @param worstRow index (into the compared rows) of the largest difference; -1 when no rows were compared
 * @param compiled the compiled forest's price on the worst row
 * @param tribuo   Tribuo's price on the worst row
 */
public record TribuoAgreement(int rows, int worstRow, double compiled, double tribuo) {

    /**
     * Largest absolute difference in USD that still counts as equal. The compiled forest sums the same leaf values
     * as Tribuo's averaging combiner, in another order and with another division, so the two differ by rounding
     * only: a few ulps of a price (prices are below 2^15 USD, an ulp there is under 4e-12).
     */
    public static final double TOLERANCE = 1e-9;

    private static final String[] NAMES = DiamondSchema.names().toArray(String[]::new);

    /** Compares {@code forest} with {@code model} on every row (feature vectors in schema order). */
    public static TribuoAgreement measure(CompiledForest forest, Model<Regressor> model, double[][] rows) {
        int worst = -1;
        double worstDifference = -1;
        double worstCompiled = Double.NaN;
        double worstTribuo = Double.NaN;
        for (int i = 0; i < rows.length; i++) {
            double compiled = forest.predict(rows[i]);
            double tribuo = tribuo(model, rows[i]);
            double difference = Math.abs(compiled - tribuo);
            // !(<=) so that a NaN on either side is the worst row rather than skipped
            if (!(difference <= worstDifference)) {
                worst = i;
                worstDifference = difference;
                worstCompiled = compiled;
                worstTribuo = tribuo;
                if (Double.isNaN(difference)) {
                    break;
                }
            }
        }
        return new TribuoAgreement(rows.length, worst, worstCompiled, worstTribuo);
    }

    /** Tribuo's price for a feature vector in schema order: the encoding the compiled forest's feature indices assume. */
    static double tribuo(Model<Regressor> model, double[] x) {
        return model.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES, x)).getOutput().getValues()[0];
    }

    /** The largest absolute difference in USD (NaN when a price was NaN; 0 for no rows). */
    public double maxDifference() {
        return worstRow < 0 ? 0 : Math.abs(compiled - tribuo);
    }

    /** Whether every compared row is within {@link #TOLERANCE}. */
    public boolean agrees() {
        return maxDifference() <= TOLERANCE;
    }

    /** One line for a log or an error message, naming the worst row by {@code rowName}. */
    public String describe(String rowName) {
        return String.format(Locale.ROOT, "largest difference on %s: compiled %.17g USD, Tribuo %.17g USD, |difference| %.3g USD"
                        + " (tolerance %.0e) over %d rows", rowName, compiled, tribuo, maxDifference(), TOLERANCE, rows);
    }
}
