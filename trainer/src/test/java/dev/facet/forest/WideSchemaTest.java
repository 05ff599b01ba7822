package dev.facet.forest;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.TabularTrainer;
import dev.facet.trainer.data.TrainingData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A schema of 40 features, more than a split code's first four feature bits can name: trained, compiled,
 * written and read back, it answers as Tribuo on every row, for both tasks, and the forests that read the
 * late features (index 16 and above) are the ones that matter here.
 */
class WideSchemaTest {

    static final int FEATURES = 40;
    static final ForestConfig CONFIG = new ForestConfig(12, 8, 0.67f, 3f, 5L, 0.2);

    static double[][] rows;
    static TabularTrainer.Result regressor;
    static TabularTrainer.Result classifier;
    static Path regressorBundle;
    static Path classifierBundle;

    @BeforeAll
    static void trainBoth(@TempDir Path tmp) throws IOException {
        Random random = new Random(3);
        int n = 800;
        rows = new double[n][FEATURES];
        double[] values = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                boolean categorical = j % 10 == 9;
                rows[i][j] = categorical ? 1 + random.nextInt(3) : -10 + 20 * random.nextDouble();
                if (j % 7 == 3 && random.nextDouble() < 0.1) {
                    rows[i][j] = Double.NaN;
                }
            }
            // only late features carry the signal, so the trees must split on them
            double[] r = rows[i];
            values[i] = 4 * r[37] - 3 * r[22] + 2 * r[16] + 5 * r[39] + random.nextGaussian();
            labels[i] = r[30] + r[25] > 2 ? 2 : r[33] > 0 ? 1 : 0;
        }
        ModelSchema regression = new ModelSchema(features(), new Task.Regression("y", "units"));
        ModelSchema classification = new ModelSchema(features(), new Task.Classification("kind",
                List.of("low", "mid", "high")));
        TrainingData.Origin origin = new TrainingData.Origin("wide", "generated", "none", "0".repeat(64));
        regressor = TabularTrainer.train(new TrainingData(regression, rows, values, origin), CONFIG, "wide", "1",
                "y", m -> { });
        classifier = TabularTrainer.train(new TrainingData(classification, rows, labels, origin), CONFIG, "wide-kind",
                "1", "kind", m -> { });
        regressorBundle = tmp.resolve("regressor");
        classifierBundle = tmp.resolve("classifier");
        ModelBundle.write(regressorBundle, regressor.contents());
        ModelBundle.write(classifierBundle, classifier.contents());
    }

    static List<Feature> features() {
        List<Feature> out = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            String name = String.format("f%02d", j);
            out.add(j % 10 == 9
                    ? new Feature(name, Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("a", "b", "c"), false)
                    : new Feature(name, Feature.Kind.NUMERIC, "unit", "", -10, false, 10, List.of(), j % 7 == 3));
        }
        return out;
    }

    @Test
    void aStoredRegressorOverFortyFeaturesAnswersAsTribuoOnEveryRow() {
        CompiledForest forest = ModelBundle.loadForest(BundleMetadata.load(regressorBundle)).forest();
        assertThat(forest.features()).isEqualTo(FEATURES);
        assertThat(maxSplitFeature(forest)).as("a split on a feature beyond the first 16").isGreaterThanOrEqualTo(16);
        TribuoAgreement agreement = TribuoAgreement.measure(forest, regressor.model(), regressor.schema(), rows);
        assertThat(agreement.agrees()).as(agreement.describe("row")).isTrue();
        assertThat(agreement.rows()).isEqualTo(rows.length);
    }

    @Test
    void theWideRegressorTakesThePaddedWalkAndItEqualsTheDepthFirstOne() {
        CompiledForest forest = CompiledForest.compile(regressor.model(), regressor.schema());
        assertThat(forest.padded()).isTrue();
        double[][] read = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            read[i] = CompiledForest.asTribuoReads(rows[i]);
            assertThat(forest.predict(rows[i])).isEqualTo(forest.predictWalking(rows[i]));
        }
        assertThat(forest.predictAll(rows)).containsExactly(forest.predictAll(read));
    }

    @Test
    void aStoredClassifierOverFortyFeaturesAnswersAsTribuoOnEveryRow() {
        CompiledForest forest = ModelBundle.loadForest(BundleMetadata.load(classifierBundle)).forest();
        assertThat(forest.features()).isEqualTo(FEATURES);
        assertThat(maxSplitFeature(forest)).isGreaterThanOrEqualTo(16);
        TribuoAgreement agreement = TribuoAgreement.measure(forest, classifier.model(), classifier.schema(), rows);
        assertThat(agreement.agrees()).as(agreement.describe("row")).isTrue();
    }

    @Test
    void theWideExplainersAddUpOnEveryRow() {
        ForestExplainer regression = ModelBundle.loadForest(BundleMetadata.load(regressorBundle)).explainer();
        ForestExplainer classes = ModelBundle.loadForest(BundleMetadata.load(classifierBundle)).explainer();
        for (int i = 0; i < rows.length; i += 7) {
            Explanation e = regression.explain(rows[i]);
            assertThat(e.contributions()).hasSize(FEATURES);
            assertThat(e.reconstructed()).as("row %d", i).isCloseTo(e.prediction(), within(1e-9));
            ClassExplanation c = classes.explainClasses(rows[i]);
            for (int k = 0; k < 3; k++) {
                assertThat(c.reconstructed(k)).as("row %d class %d", i, k).isCloseTo(c.probability(k),
                        within(1e-9));
            }
        }
    }

    @Test
    void aForestOfUpToSixteenFeaturesKeepsItsFileCodesAndAWiderOneWidensThem() {
        CompiledForest wide = CompiledForest.compile(regressor.model(), regressor.schema());
        assertThat(CompiledForest.featureBits(9)).isEqualTo(4);
        assertThat(CompiledForest.featureBits(16)).isEqualTo(4);
        assertThat(CompiledForest.featureBits(17)).isEqualTo(5);
        assertThat(CompiledForest.featureBits(FEATURES)).isEqualTo(6);
        double[] nodes = wide.nodeArray();
        for (int n = 0; n < wide.nodes(); n++) {
            double expected = wide.feature(n) < 0 ? -1 : wide.right(n) * 64.0 + wide.feature(n);
            assertThat(nodes[2 * n + 1]).as("node %d", n).isEqualTo(expected);
        }
        // three features: the codes of format 2 as first written, right * 16 + feature
        SyntheticData small = SyntheticData.generate(300, 2);
        CompiledForest narrow = CompiledForest.compile(small.trainRegressor(4, 5, 3), SyntheticData.regressionSchema());
        double[] narrowNodes = narrow.nodeArray();
        for (int n = 0; n < narrow.nodes(); n++) {
            double expected = narrow.feature(n) < 0 ? -1 : narrow.right(n) * 16.0 + narrow.feature(n);
            assertThat(narrowNodes[2 * n + 1]).as("node %d", n).isEqualTo(expected);
        }
    }

    private static int maxSplitFeature(CompiledForest forest) {
        int max = -1;
        for (int n = 0; n < forest.nodes(); n++) {
            max = Math.max(max, forest.feature(n));
        }
        return max;
    }
}
