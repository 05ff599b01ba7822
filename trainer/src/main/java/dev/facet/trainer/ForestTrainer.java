package dev.facet.trainer;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.trainer.data.TrainingData;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import java.util.List;
import java.util.function.Consumer;

/**
 * The default recipe: the diamond-price random forest, trained by {@link TabularTrainer} on the diamonds schema
 * ({@link DiamondSchema#MODEL_SCHEMA}) with price as the target. Same data and config give the same model and
 * the same metrics to the last digit.
 */
public final class ForestTrainer {

    /** The trained model and everything the bundle holds beside it. */
    public record Result(Model<Regressor> model, TrainingStats stats, ModelCard card, HeldOutRows heldOut,
                         RegressionMetrics metrics) {
    }

    public static final String DEFAULT_NAME = "diamond-price-rf";

    /** What the diamonds model answers, for its card. */
    public static final String OUTPUT_DESCRIPTION = "predicted sale price";

    private ForestTrainer() {
    }

    public static Result train(DiamondsCsv.Data data, ForestConfig config, String name, String version,
                               Consumer<String> progress) {
        TabularTrainer.Result r = TabularTrainer.train(trainingData(data), config, name, version, OUTPUT_DESCRIPTION,
                progress);
        return new Result(r.model().castModel(Regressor.class), r.stats(), r.card(), r.heldOut(), r.regression());
    }

    /** The diamonds rows as schema-ordered input vectors and prices. */
    public static TrainingData trainingData(DiamondsCsv.Data data) {
        double[][] rows = new double[data.rows().size()][];
        double[] prices = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.rows().get(i).diamond().toVector();
            prices[i] = data.rows().get(i).price();
        }
        BundledData d = BundledData.DIAMONDS;
        return new TrainingData(DiamondSchema.MODEL_SCHEMA, rows, prices,
                new TrainingData.Origin(d.title(), d.origin(), d.licence(), data.sha256()));
    }

    public static double[] predict(Model<Regressor> model, List<LabelledDiamond> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = TribuoAdapter.predict(model, rows.get(i).diamond());
        }
        return out;
    }
}
