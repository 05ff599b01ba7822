package dev.facet.trainer;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.contracts.stats.TrainingStats;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
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
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains the diamond-price random forest with Tribuo: a seeded 80/20 split, {@link RandomForestTrainer} over
 * {@link CARTRegressionTrainer} trees (bootstrap bagging, per-split feature subsampling, averaging), then the
 * held-out evaluation, the training statistics and the model card. Same data and config give the same model
 * and the same metrics to the last digit.
 */
public final class ForestTrainer {

    /** The trained model and everything the bundle holds beside it. */
    public record Result(Model<Regressor> model, TrainingStats stats, ModelCard card, HeldOutRows heldOut,
                         RegressionMetrics metrics) {
    }

    public static final String DEFAULT_NAME = "diamond-price-rf";

    private ForestTrainer() {
    }

    public static Result train(DiamondsCsv.Data data, ForestConfig config, String name, String version,
                               Consumer<String> progress) {
        long start = System.nanoTime();
        Split split = Split.of(data.rows().size(), config.heldOutFraction(), config.seed());
        List<LabelledDiamond> train = StatsCalculator.rows(data.rows(), split.train());
        List<LabelledDiamond> heldOut = StatsCalculator.rows(data.rows(), split.heldOut());
        progress.accept(String.format("split %d rows: %d training, %d held out (seed %d)",
                data.rows().size(), train.size(), heldOut.size(), config.seed()));

        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("diamonds.csv sha256=" + data.sha256() + " training split", factory),
                factory);
        for (LabelledDiamond row : train) {
            dataset.add(TribuoAdapter.example(row.diamond(), row.price()));
        }

        CARTRegressionTrainer tree = new CARTRegressionTrainer(config.maxDepth(), config.minChildWeight(), 0.0f,
                config.featureFraction(), false, new MeanSquaredError(), config.seed());
        RandomForestTrainer<Regressor> forest =
                new RandomForestTrainer<>(tree, new AveragingCombiner(), config.trees(), config.seed());
        progress.accept(String.format("training %d trees of depth <= %d on %d rows ...",
                config.trees(), config.maxDepth(), train.size()));
        Model<Regressor> model = TreeProgress.run(config.trees(), progress, () -> forest.train(dataset));
        model.setName(name);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format("trained in %.1f s; scoring ...", trainSeconds));

        double[] heldOutPredicted = predict(model, heldOut);
        double[] trainPredicted = predict(model, train);
        double[] actual = heldOut.stream().mapToDouble(LabelledDiamond::price).toArray();
        RegressionMetrics metrics = RegressionMetrics.of(heldOutPredicted, actual);
        progress.accept(String.format("held out: MAE %.1f, RMSE %.1f, R2 %.5f, MAPE %.2f%%",
                metrics.mae(), metrics.rmse(), metrics.r2(), metrics.mape() * 100));

        TrainingStats stats = StatsCalculator.compute(train, trainPredicted, heldOut, heldOutPredicted,
                StatsCalculator.DEFAULT_REFERENCE_SIZE, config.seed());
        ModelCard card = card(name, version, config, data, split, stats, metrics, trainSeconds, model);
        HeldOutRows held = new HeldOutRows(1, data.sha256(), config.seed(), split.heldOut());
        return new Result(model, stats, card, held, metrics);
    }

    public static double[] predict(Model<Regressor> model, List<LabelledDiamond> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = TribuoAdapter.predict(model, rows.get(i).diamond());
        }
        return out;
    }

    private static ModelCard card(String name, String version, ForestConfig config, DiamondsCsv.Data data,
                                  Split split, TrainingStats stats, RegressionMetrics metrics, double seconds,
                                  Model<Regressor> model) {
        List<ModelCard.FeatureCard> features = new ArrayList<>();
        for (Feature f : DiamondSchema.FEATURES) {
            if (f.isNumeric()) {
                NumericSummary s = stats.numeric().get(f.name());
                features.add(new ModelCard.FeatureCard(f.name(), "numeric", f.unit(), f.description(),
                        f.min(), f.minExclusive(), f.max(), s.min(), s.max(), null));
            } else {
                features.add(new ModelCard.FeatureCard(f.name(), "categorical", f.unit(), f.description(),
                        null, null, null, null, null, f.categories()));
            }
        }
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("trees", config.trees());
        hyper.put("max_depth", config.maxDepth());
        hyper.put("feature_fraction_per_split", config.featureFraction());
        hyper.put("min_child_weight", config.minChildWeight());
        hyper.put("impurity", "mean squared error");
        hyper.put("bootstrap", true);
        hyper.put("combiner", "average");
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
                + " (" + split.train().length + " examples, " + DiamondSchema.FEATURES.size() + " features)");
        return new ModelCard(ModelCard.FORMAT_VERSION, name, version, Instant.now().toString(), features,
                new ModelCard.OutputCard(DiamondSchema.TARGET, DiamondSchema.TARGET_UNIT, "predicted sale price"),
                new ModelCard.Algorithm("random forest of CART regression trees", "Tribuo " + p.getTribuoVersion(),
                        RandomForestTrainer.class.getName(), hyper),
                new ModelCard.DataCard("ggplot2 diamonds", "npm @observablehq/sample-datasets 1.0.1, diamonds.csv",
                        "ISC (package); data from ggplot2 (MIT)", data.sha256(), data.rows().size(),
                        split.train().length, split.heldOut().length,
                        "seeded random " + Math.round((1 - config.heldOutFraction()) * 100) + "/"
                                + Math.round(config.heldOutFraction() * 100) + " split (java.util.Random seed "
                                + config.seed() + ", Fisher-Yates)"),
                metrics, seconds, model.serialize().getSerializedSize(), provenance);
    }
}
