package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.TrainingStats;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A small made-up data set whose columns no production code knows, with missing values, and Tribuo forests
 * trained on it directly: the generic bundle's test material. Feature {@code a} ranges over negative and positive
 * values and is often missing, so that trees split it at negative thresholds, where a missing value (read as 0 by
 * Tribuo) and a NaN compared as such would go different ways.
 */
final class SyntheticData {

    static final List<String> LABELS = List.of("x", "y", "z");

    final double[][] rows;
    final double[] values;
    final String[] labels;
    final HeldOutRows heldOut;

    private SyntheticData(double[][] rows, double[] values, String[] labels, HeldOutRows heldOut) {
        this.rows = rows;
        this.values = values;
        this.labels = labels;
        this.heldOut = heldOut;
    }

    static List<Feature> features() {
        return List.of(
                new Feature("a", Feature.Kind.NUMERIC, "unit", "signed, often missing", -10, false, 10, List.of(), true),
                new Feature("b", Feature.Kind.NUMERIC, "unit", "always there", 0, false, 100, List.of(), false),
                new Feature("colour", Feature.Kind.CATEGORICAL, "category", "sometimes missing", Double.NaN, false,
                        Double.NaN, List.of("red", "green", "blue"), true));
    }

    static ModelSchema regressionSchema() {
        return new ModelSchema(features(), new Task.Regression("score", "points"));
    }

    /** The labels in another order than Tribuo's (which sorts them), so that the two orders must be mapped. */
    static ModelSchema classificationSchema() {
        return new ModelSchema(features(), new Task.Classification("kind", List.of("z", "x", "y")));
    }

    static SyntheticData generate(int n, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][];
        double[] values = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble() < 0.2 ? Double.NaN : -10 + 20 * random.nextDouble();
            double b = 100 * random.nextDouble();
            double colour = random.nextDouble() < 0.1 ? Double.NaN : 1 + random.nextInt(3);
            rows[i] = new double[] {a, b, colour};
            double aRead = Double.isNaN(a) ? 0 : a;
            double colourRead = Double.isNaN(colour) ? 0 : colour;
            values[i] = (Double.isNaN(a) ? 40 : 3 * a) + b / 5 + 7 * colourRead + random.nextGaussian() * 2;
            double s = aRead + b / 20 - 2 * colourRead + random.nextGaussian() * 2;
            labels[i] = Double.isNaN(a) && random.nextBoolean() ? "z" : s < -2 ? "x" : s < 3 ? "y" : "z";
        }
        int[] held = IntStream.range(0, n).filter(i -> i % 5 == 0).toArray();
        return new SyntheticData(rows, values, labels, new HeldOutRows(1, "0".repeat(64), seed, held));
    }

    boolean isHeld(int row) {
        return row % 5 == 0;
    }

    Model<Regressor> trainRegressor(int trees, int depth, long seed) {
        TribuoExamples examples = new TribuoExamples(regressionSchema());
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory),
                factory);
        for (int i = 0; i < rows.length; i++) {
            if (!isHeld(i)) {
                dataset.add(examples.example(new Regressor("score", values[i]), rows[i]));
            }
        }
        CARTRegressionTrainer tree = new CARTRegressionTrainer(depth, 3f, 0f, 0.67f, false, new MeanSquaredError(), seed);
        return new RandomForestTrainer<>(tree, new AveragingCombiner(), trees, seed).train(dataset);
    }

    /** A classifier as the trainer ships them: CART trees, probabilities averaged ({@code voting} false) or votes. */
    Model<Label> trainClassifier(int trees, int depth, long seed, boolean voting) {
        TribuoExamples examples = new TribuoExamples(classificationSchema());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory),
                factory);
        for (int i = 0; i < rows.length; i++) {
            if (!isHeld(i)) {
                dataset.add(examples.example(new Label(labels[i]), rows[i]));
            }
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(depth, 2f, 0f, 0.67f, false, new GiniIndex(), seed);
        return new RandomForestTrainer<>(tree, voting ? new VotingCombiner() : new FullyWeightedVotingCombiner(),
                trees, seed).train(dataset);
    }

    double[][] heldOutRows() {
        return IntStream.of(heldOut.rows()).mapToObj(i -> rows[i]).toArray(double[][]::new);
    }

    BundleContents contents(Model<?> model, ModelSchema schema, String name, String version) {
        Fixture f = new Fixture();
        return new BundleContents(model, schema, f.stats(rows.length), f.card(name, version), heldOut, rows);
    }

    /** Placeholder statistics and card: the forest's bundle tests do not read them. */
    record Fixture() {
        TrainingStats stats(int rows) {
            return new TrainingStats(TrainingStats.FORMAT_VERSION, ModelSchema.VERSION, rows, 0, "none", Map.of(),
                    Map.of(), null, null);
        }

        ModelCard card(String name, String version) {
            return new ModelCard(ModelCard.FORMAT_VERSION, name, version, Instant.now().toString(), List.of(), null,
                    null, null, null, 0, 0, Map.of());
        }
    }

    /** The rows with at least one missing value. */
    List<double[]> rowsWithMissingValues() {
        List<double[]> out = new ArrayList<>();
        for (double[] r : rows) {
            if (Double.isNaN(r[0]) || Double.isNaN(r[2])) {
                out.add(r);
            }
        }
        return out;
    }
}
