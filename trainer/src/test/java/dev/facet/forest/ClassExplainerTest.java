package dev.facet.forest;

import dev.facet.contracts.bundle.BundleMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** TreeSHAP explains each class's probability: additive per class, and exact against brute-force Shapley. */
class ClassExplainerTest {

    static Penguins penguins;
    static CompiledForest forest;
    static double[][] training;
    static ForestExplainer explainer;

    @BeforeAll
    static void train() {
        penguins = Penguins.load();
        Model<Label> model = penguins.train(100, Integer.MAX_VALUE, 42, false);
        forest = CompiledForest.compile(model, Penguins.SCHEMA);
        training = IntStream.range(0, penguins.rows.length).filter(i -> !Penguins.held(i))
                .mapToObj(i -> penguins.rows[i]).toArray(double[][]::new);
        explainer = ForestExplainer.of(forest, training);
    }

    @Test
    void contributionsAddUpToEachClassProbabilityOnEveryHeldOutRow() {
        for (double[] row : penguins.heldOutRows()) {
            ClassExplanation e = explainer.explainClasses(row);
            double[] p = forest.predictProba(row);
            assertThat(e.classes()).isEqualTo(3);
            for (int c = 0; c < 3; c++) {
                assertThat(e.probability(c)).isEqualTo(p[c]);
                assertThat(e.reconstructed(c)).as("class %d of %s", c, Arrays.toString(row)).isCloseTo(p[c], within(1e-9));
            }
            // probabilities sum to 1 whatever is known, so each feature's contributions sum to 0 over the classes
            for (int f = 0; f < Penguins.SCHEMA.features().size(); f++) {
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += e.contributions(c)[f];
                }
                assertThat(sum).isCloseTo(0, within(1e-9));
            }
        }
    }

    @Test
    void theExpectedValuesAreTheMeanProbabilitiesOverTheBackground() {
        double[] mean = new double[3];
        for (double[] row : training) {
            double[] p = forest.predictProba(row);
            for (int c = 0; c < 3; c++) {
                mean[c] += p[c] / training.length;
            }
        }
        for (int c = 0; c < 3; c++) {
            assertThat(explainer.expectedValues()[c]).isCloseTo(mean[c], within(1e-9));
        }
        assertThatThrownBy(explainer::expectedValue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> explainer.explain(training[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void treeShapEqualsTheExactShapleyValuesOfEachClassOfASmallForest() {
        Model<Label> small = penguins.train(6, 5, 3, false);
        CompiledForest f = CompiledForest.compile(small, Penguins.SCHEMA);
        ForestExplainer e = ForestExplainer.of(f, training);
        // the oracle compares the values as the trees read them: a missing value is 0
        double[][] background = Arrays.stream(training).map(CompiledForest::asTribuoReads).toArray(double[][]::new);
        int features = Penguins.SCHEMA.features().size();
        int missing = 0;
        for (double[] row : penguins.rows) {
            boolean hasMissing = Arrays.stream(row).anyMatch(Double::isNaN);
            if (!hasMissing && missing > 25) {
                continue;
            }
            missing += hasMissing ? 1 : 0;
            ClassExplanation explained = e.explainClasses(row);
            for (int c = 0; c < 3; c++) {
                int cls = c;
                ExactShapley exact = new ExactShapley(f, background, features, n -> f.leafProbability(n, cls));
                double[] expected = exact.shapley(CompiledForest.asTribuoReads(row));
                double[] actual = explained.contributions(c);
                for (int i = 0; i < features; i++) {
                    assertThat(actual[i]).as("class %d feature %d of %s", c, i, Arrays.toString(row))
                            .isCloseTo(expected[i], within(1e-9));
                }
            }
        }
        assertThat(missing).as("rows with a missing value explained").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aClassifierBundlesExplainerExplainsAsOneCountedOverTheTrainingRows(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("1");
        Model<Label> model = penguins.train(20, 8, 1, false);
        SyntheticData.Fixture f = new SyntheticData.Fixture();
        ModelBundle.write(dir, new BundleContents(model, Penguins.SCHEMA, f.stats(1), f.card("p", "1"),
                penguins.heldOut, penguins.rows));
        ForestExplainer stored = ModelBundle.loadForest(BundleMetadata.load(dir)).explainer();
        ForestExplainer counted = ForestExplainer.of(CompiledForest.compile(model, Penguins.SCHEMA), training);
        assertThat(stored.expectedValues()).isEqualTo(counted.expectedValues());
        for (double[] row : penguins.heldOutRows()) {
            ClassExplanation a = stored.explainClasses(row);
            ClassExplanation b = counted.explainClasses(row);
            for (int c = 0; c < 3; c++) {
                assertThat(a.contributions(c)).isEqualTo(b.contributions(c));
            }
        }
    }
}
