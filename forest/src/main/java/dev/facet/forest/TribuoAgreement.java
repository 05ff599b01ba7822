package dev.facet.forest;

import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * @param quantity what {@code compiled} and {@code tribuo} are, for messages: the regression target's unit
 *                 (e.g. {@code USD}), or the class whose probability differs most
 */
public record TribuoAgreement(int rows, int worstRow, double compiled, double tribuo, String quantity) {

    /** A comparison of prices in USD: the diamonds model's. */
    public TribuoAgreement(int rows, int worstRow, double compiled, double tribuo) {
        this(rows, worstRow, compiled, tribuo, DiamondSchema.TARGET_UNIT);
    }

    /**
     * Largest absolute difference in USD that still counts as equal. The compiled forest sums the same leaf values
     * as Tribuo's averaging combiner, in another order and with another division, so the two differ by rounding
     * only: a few ulps of a price (prices are below 2^15 USD, an ulp there is under 4e-12).
     */
    public static final double TOLERANCE = 1e-9;

    private static final TribuoExamples DIAMONDS = new TribuoExamples(DiamondSchema.MODEL_SCHEMA);

    /** Compares {@code forest} with {@code model} on every row (feature vectors in diamonds schema order). */
    public static TribuoAgreement measure(CompiledForest forest, Model<Regressor> model, double[][] rows) {
        return measure(forest, model, new TribuoExamples(DiamondSchema.MODEL_SCHEMA), DiamondSchema.TARGET_UNIT, rows);
    }

    /**
     * Compares {@code forest} with {@code model}, which {@code schema} describes, on every row (feature vectors in
     * the schema's order, missing values NaN).
     */
    public static TribuoAgreement measure(CompiledForest forest, Model<?> model, ModelSchema schema, double[][] rows) {
        if (schema.task() instanceof Task.Regression r) {
            return measure(forest, model.castModel(Regressor.class), new TribuoExamples(schema), r.unit(), rows);
        }
        return measureClassifier(forest, model.castModel(Label.class), new TribuoExamples(schema),
                ((Task.Classification) schema.task()).labels(), rows);
    }

    /** Compares every class probability of {@code forest} with Tribuo's on every row; the worst one counts. */
    private static TribuoAgreement measureClassifier(CompiledForest forest, Model<Label> model,
                                                     TribuoExamples examples, List<String> labels, double[][] rows) {
        int worst = -1;
        double worstDifference = -1;
        double worstCompiled = Double.NaN;
        double worstTribuo = Double.NaN;
        String worstLabel = labels.get(0);
        double[] compiled = new double[labels.size()];
        for (int i = 0; i < rows.length; i++) {
            forest.predictProba(rows[i], compiled);
            Map<String, Label> tribuo = model.predict(examples.example(LabelFactory.UNKNOWN_LABEL, rows[i]))
                    .getOutputScores();
            for (int c = 0; c < labels.size(); c++) {
                Label score = tribuo.get(labels.get(c));
                double t = score == null ? Double.NaN : score.getScore();
                double difference = Math.abs(compiled[c] - t);
                if (!(difference <= worstDifference)) {
                    worst = i;
                    worstDifference = difference;
                    worstCompiled = compiled[c];
                    worstTribuo = t;
                    worstLabel = labels.get(c);
                    if (Double.isNaN(difference)) {
                        return new TribuoAgreement(rows.length, worst, worstCompiled, worstTribuo,
                                "(probability of " + worstLabel + ")");
                    }
                }
            }
        }
        return new TribuoAgreement(rows.length, worst, worstCompiled, worstTribuo,
                "(probability of " + worstLabel + ")");
    }

    /**
     * Compares {@code forest} with the regression {@code model} on every row (feature vectors in {@code schema}'s
     * order, missing values NaN); {@code unit} names the target's unit in messages.
     */
    static TribuoAgreement measure(CompiledForest forest, Model<Regressor> model, TribuoExamples examples,
                                   String unit, double[][] rows) {
        int worst = -1;
        double worstDifference = -1;
        double worstCompiled = Double.NaN;
        double worstTribuo = Double.NaN;
        for (int i = 0; i < rows.length; i++) {
            double compiled = forest.predict(rows[i]);
            double tribuo = tribuo(model, examples, rows[i]);
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
        return new TribuoAgreement(rows.length, worst, worstCompiled, worstTribuo, unit);
    }

    /** Tribuo's price for a feature vector in diamonds schema order. */
    static double tribuo(Model<Regressor> model, double[] x) {
        return tribuo(model, DIAMONDS, x);
    }

    /** Tribuo's output for a feature vector in schema order: the encoding the compiled forest's feature indices assume. */
    static double tribuo(Model<Regressor> model, TribuoExamples examples, double[] x) {
        return model.predict(examples.example(RegressionFactory.UNKNOWN_REGRESSOR, x)).getOutput().getValues()[0];
    }

    /** The largest absolute difference (NaN when an output was NaN; 0 for no rows). */
    public double maxDifference() {
        return worstRow < 0 ? 0 : Math.abs(compiled - tribuo);
    }

    /** Whether every compared row is within {@link #TOLERANCE}. */
    public boolean agrees() {
        return maxDifference() <= TOLERANCE;
    }

    /** One line for a log or an error message, naming the worst row by {@code rowName}. */
    public String describe(String rowName) {
        return String.format(Locale.ROOT, "largest difference on %s: compiled %.17g %s, Tribuo %.17g %s, |difference| %.3g %s"
                        + " (tolerance %.0e) over %d rows", rowName, compiled, quantity, tribuo, quantity, maxDifference(),
                quantity, TOLERANCE, rows);
    }
}
