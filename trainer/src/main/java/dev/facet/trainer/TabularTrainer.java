package dev.facet.trainer;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.forest.BundleContents;
import dev.facet.forest.TribuoExamples;
import dev.facet.trainer.data.TrainingData;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a Tribuo random forest for any schema: a seeded split of the rows ({@link Split}), then
 * {@link RandomForestTrainer} over CART trees (bootstrap bagging, per-split feature subsampling), scored on the
 * held-out rows, with the training statistics and the model card.
 * <ul>
 *   <li>regression: {@link CARTRegressionTrainer} trees (mean squared error), averaged;</li>
 *   <li>classification: {@link CARTClassificationTrainer} trees (Gini impurity), whose leaves hold the class
 *       distribution of their training rows; {@link FullyWeightedVotingCombiner} averages those distributions
 *       (soft voting), so the forest answers the probability of every class, and the label is the most
 *       probable one.</li>
 * </ul>
 * Rows are the schema-ordered input vectors of {@link TrainingData}; {@link TribuoExamples} turns them into
 * Tribuo examples (a missing value is absent). Same data and config give the same model and metrics.
 */
public final class TabularTrainer {

    /**
     * The trained model and everything its bundle holds beside it.
     *
     * @param regression     the held-out metrics of a regressor, else null
     * @param classification the held-out metrics of a classifier, else null
     */
    public record Result(Model<?> model, ModelSchema schema, TrainingStats stats, ModelCard card,
                         HeldOutRows heldOut, double[][] rows, RegressionMetrics regression,
                         ClassificationMetrics classification) {

        /** What {@code ModelBundle.write} takes. */
        public BundleContents contents() {
            return new BundleContents(model, schema, stats, card, heldOut, rows);
        }
    }

    private TabularTrainer() {
    }

    /**
     * @param outputDescription what the answer means, for the model card ("predicted sale price")
     */
    public static Result train(TrainingData data, ForestConfig config, String name, String version,
                               String outputDescription, Consumer<String> progress) {
        long start = System.nanoTime();
        Split split = Split.of(data.size(), config.heldOutFraction(), config.seed());
        progress.accept(String.format(Locale.ROOT, "split %d rows: %d training, %d held out (seed %d)",
                data.size(), split.train().length, split.heldOut().length, config.seed()));
        TribuoExamples examples = new TribuoExamples(data.schema());
        double[][] train = pick(data.rows(), split.train());
        double[][] heldOut = pick(data.rows(), split.heldOut());
        HeldOutRows held = new HeldOutRows(1, data.origin().sha256(), config.seed(), split.heldOut());
        String provenance = data.origin().name() + " sha256=" + data.origin().sha256() + " training split";
        if (data.schema().task() instanceof Task.Classification task) {
            checkEveryLabelIsTrained(data, split, task);
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(provenance, factory),
                    factory);
            for (int i : split.train()) {
                dataset.add(examples.example(new Label(task.labels().get((int) data.targets()[i])), data.rows()[i]));
            }
            CARTClassificationTrainer tree = new CARTClassificationTrainer(config.maxDepth(), config.minChildWeight(),
                    0.0f, config.featureFraction(), false, new GiniIndex(), config.seed());
            RandomForestTrainer<Label> forest = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(),
                    config.trees(), config.seed());
            progress.accept(String.format(Locale.ROOT, "training %d classification trees of depth <= %d on %d rows ...",
                    config.trees(), config.maxDepth(), train.length));
            Model<Label> model = TreeProgress.run(config.trees(), progress, () -> forest.train(dataset));
            model.setName(name);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.accept(String.format(Locale.ROOT, "trained in %.1f s; scoring ...", seconds));

            Scores heldOutScores = classify(model, examples, task.labels(), heldOut);
            int[] actual = new int[heldOut.length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = (int) data.targets()[split.heldOut()[i]];
            }
            ClassificationMetrics metrics = ClassificationMetrics.of(task.labels(), actual, heldOutScores.predicted,
                    heldOutScores.probabilities);
            progress.accept(String.format(Locale.ROOT, "held out: accuracy %.4f, macro-F1 %.4f, log loss %.4f",
                    metrics.accuracy(), metrics.macroF1(), metrics.logLoss()));
            Scores trainScores = classify(model, examples, task.labels(), train);
            TrainingStats stats = StatsCalculator.classification(data.schema(), train, trainScores.predicted,
                    trainScores.top(), metrics, StatsCalculator.DEFAULT_REFERENCE_SIZE, config.seed());
            ModelCard card = card(data, name, version, config, split, stats, null, metrics, seconds, model,
                    outputDescription);
            return new Result(model, data.schema(), stats, card, held, data.rows(), null, metrics);
        }
        Task.Regression task = (Task.Regression) data.schema().task();
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(provenance, factory),
                factory);
        for (int i : split.train()) {
            dataset.add(examples.example(new Regressor(task.target(), data.targets()[i]), data.rows()[i]));
        }
        CARTRegressionTrainer tree = new CARTRegressionTrainer(config.maxDepth(), config.minChildWeight(), 0.0f,
                config.featureFraction(), false, new MeanSquaredError(), config.seed());
        RandomForestTrainer<Regressor> forest =
                new RandomForestTrainer<>(tree, new AveragingCombiner(), config.trees(), config.seed());
        progress.accept(String.format(Locale.ROOT, "training %d trees of depth <= %d on %d rows ...",
                config.trees(), config.maxDepth(), train.length));
        Model<Regressor> model = TreeProgress.run(config.trees(), progress, () -> forest.train(dataset));
        model.setName(name);
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format(Locale.ROOT, "trained in %.1f s; scoring ...", seconds));

        double[] heldOutPredicted = predict(model, examples, heldOut);
        double[] trainPredicted = predict(model, examples, train);
        double[] actual = pick(data.targets(), split.heldOut());
        RegressionMetrics metrics = RegressionMetrics.of(heldOutPredicted, actual);
        progress.accept(String.format(Locale.ROOT, "held out: MAE %.1f, RMSE %.1f, R2 %.5f, MAPE %.2f%%",
                metrics.mae(), metrics.rmse(), metrics.r2(), metrics.mape() * 100));
        TrainingStats stats = StatsCalculator.regression(data.schema(), train, trainPredicted, heldOut, actual,
                heldOutPredicted, StatsCalculator.DEFAULT_REFERENCE_SIZE, config.seed());
        ModelCard card = card(data, name, version, config, split, stats, metrics, null, seconds, model,
                outputDescription);
        return new Result(model, data.schema(), stats, card, held, data.rows(), metrics, null);
    }

    /** Tribuo's own prediction for each row. */
    static double[] predict(Model<Regressor> model, TribuoExamples examples, double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = model.predict(examples.example(RegressionFactory.UNKNOWN_REGRESSOR, rows[i]))
                    .getOutput().getValues()[0];
        }
        return out;
    }

    /** Per row: the index of the predicted label and the probability of each label, in the schema's order. */
    record Scores(int[] predicted, double[][] probabilities) {
        double[] top() {
            double[] out = new double[predicted.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = probabilities[i][predicted[i]];
            }
            return out;
        }
    }

    static Scores classify(Model<Label> model, TribuoExamples examples, List<String> labels, double[][] rows) {
        int[] predicted = new int[rows.length];
        double[][] probabilities = new double[rows.length][labels.size()];
        for (int i = 0; i < rows.length; i++) {
            Prediction<Label> p = model.predict(examples.example(LabelFactory.UNKNOWN_LABEL, rows[i]));
            predicted[i] = labels.indexOf(p.getOutput().getLabel());
            Map<String, Label> scores = p.getOutputScores();
            for (int k = 0; k < labels.size(); k++) {
                Label s = scores.get(labels.get(k));
                probabilities[i][k] = s == null ? 0 : s.getScore();
            }
        }
        return new Scores(predicted, probabilities);
    }

    /**
     * A label with no training row would be missing from the model's output domain, so the model could never
     * answer it while the schema lists it: refuse, naming it, instead of writing a bundle that cannot load.
     */
    private static void checkEveryLabelIsTrained(TrainingData data, Split split, Task.Classification task) {
        boolean[] seen = new boolean[task.labels().size()];
        for (int i : split.train()) {
            seen[(int) data.targets()[i]] = true;
        }
        for (int k = 0; k < seen.length; k++) {
            if (!seen[k]) {
                throw new IllegalArgumentException("label '" + task.labels().get(k) + "' of '" + task.target()
                        + "' has no training row after the " + split.heldOut().length + "-row held-out split of "
                        + data.origin().source() + "; add rows of it or remove it from the schema's labels");
            }
        }
    }

    private static ModelCard card(TrainingData data, String name, String version, ForestConfig config, Split split,
                                  TrainingStats stats, RegressionMetrics regression,
                                  ClassificationMetrics classification, double seconds, Model<?> model,
                                  String outputDescription) {
        ModelSchema schema = data.schema();
        List<ModelCard.FeatureCard> features = new ArrayList<>();
        for (Feature f : schema.features()) {
            if (f.isNumeric()) {
                NumericSummary s = stats.numeric().get(f.name());
                features.add(new ModelCard.FeatureCard(f.name(), "numeric", f.unit(), f.description(),
                        f.min(), f.minExclusive(), f.max(), s == null ? null : s.min(), s == null ? null : s.max(),
                        null));
            } else {
                features.add(new ModelCard.FeatureCard(f.name(), "categorical", f.unit(), f.description(),
                        null, null, null, null, null, f.categories()));
            }
        }
        boolean classifier = classification != null;
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("trees", config.trees());
        hyper.put("max_depth", config.maxDepth());
        hyper.put("feature_fraction_per_split", config.featureFraction());
        hyper.put("min_child_weight", config.minChildWeight());
        hyper.put("impurity", classifier ? "gini" : "mean squared error");
        hyper.put("bootstrap", true);
        hyper.put("combiner", classifier ? "mean of the trees' leaf class distributions" : "average");
        hyper.put("seed", config.seed());
        ModelProvenance p = model.getProvenance();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("model_class", p.getClassName());
        provenance.put("tribuo_version", p.getTribuoVersion());
        provenance.put("java_version", p.getJavaVersion());
        provenance.put("os", p.getOS() + " " + p.getArch());
        provenance.put("trained_at", p.getTrainingTime().toString());
        provenance.put("trainer", p.getTrainerProvenance().getClassName());
        provenance.put("dataset", p.getDatasetProvenance().getClassName()
                + " (" + split.train().length + " examples, " + schema.features().size() + " features)");
        Task task = schema.task();
        ModelCard.OutputCard output = task instanceof Task.Regression r
                ? new ModelCard.OutputCard(r.target(), r.unit(), outputDescription)
                : new ModelCard.OutputCard(task.target(), "label", outputDescription);
        TrainingData.Origin origin = data.origin();
        return new ModelCard(ModelCard.FORMAT_VERSION, name, version, Instant.now().toString(), features, output,
                new ModelCard.Algorithm(classifier ? "random forest of CART classification trees"
                        : "random forest of CART regression trees", "Tribuo " + p.getTribuoVersion(),
                        RandomForestTrainer.class.getName(), hyper),
                new ModelCard.DataCard(origin.name(), origin.source(), origin.licence(), origin.sha256(),
                        data.size(), split.train().length, split.heldOut().length,
                        "seeded random " + Math.round((1 - config.heldOutFraction()) * 100) + "/"
                                + Math.round(config.heldOutFraction() * 100) + " split (java.util.Random seed "
                                + config.seed() + ", Fisher-Yates)"),
                regression, seconds, model.serialize().getSerializedSize(), provenance, classification);
    }

    private static double[][] pick(double[][] rows, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
