package dev.facet.forest;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The compiled classifier answers Tribuo's probabilities and labels, missing values included, and round-trips. */
class CompiledClassifierTest {

    static Penguins penguins;
    static Model<Label> averaged;
    static TribuoExamples examples;

    @BeforeAll
    static void train() {
        penguins = Penguins.load();
        averaged = penguins.train(100, Integer.MAX_VALUE, 42, false);
        examples = new TribuoExamples(Penguins.SCHEMA);
    }

    @Test
    void probabilitiesEqualTribuosOnEveryHeldOutRowAndEveryRowWithAMissingValue() {
        CompiledForest forest = CompiledForest.compile(averaged, Penguins.SCHEMA);
        assertThat(forest.isClassifier()).isTrue();
        assertThat(forest.classes()).isEqualTo(3);
        int missing = 0;
        for (int i = 0; i < penguins.rows.length; i++) {
            boolean hasMissing = Arrays.stream(penguins.rows[i]).anyMatch(Double::isNaN);
            if (Penguins.held(i) || hasMissing) {
                missing += hasMissing ? 1 : 0;
                assertAgrees(forest, averaged, penguins.rows[i], "row " + i);
            }
        }
        assertThat(missing).as("rows with a missing value").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theShippedConfigurationAgreesOnEveryRow() {
        // the trainer's default forest: 40 trees of depth <= 12, min child weight 5, 67% of features per split
        Model<Label> shipped = penguins.train(40, 12, 5f, 42, false);
        CompiledForest forest = CompiledForest.compile(shipped, Penguins.SCHEMA);
        for (int i = 0; i < penguins.rows.length; i++) {
            assertAgrees(forest, shipped, penguins.rows[i], "row " + i);
        }
    }

    @Test
    void votingForestsCompileToVoteShares() {
        Model<Label> voting = penguins.train(31, 6, 3, true);
        CompiledForest forest = CompiledForest.compile(voting, Penguins.SCHEMA);
        for (int i = 0; i < penguins.rows.length; i++) {
            assertAgrees(forest, voting, penguins.rows[i], "row " + i);
        }
    }

    @Test
    void aSyntheticForestWithNegativeThresholdsAgreesOnMissingValues() {
        SyntheticData data = SyntheticData.generate(800, 5);
        Model<Label> model = data.trainClassifier(20, 8, 9, false);
        ModelSchema schema = SyntheticData.classificationSchema();
        CompiledForest forest = CompiledForest.compile(model, schema);
        TribuoExamples synthetic = new TribuoExamples(schema);
        for (double[] row : data.rowsWithMissingValues()) {
            Map<String, Label> tribuo = model.predict(synthetic.example(LabelFactory.UNKNOWN_LABEL, row)).getOutputScores();
            double[] p = forest.predictProba(row);
            for (int c = 0; c < 3; c++) {
                assertThat(p[c]).isCloseTo(tribuo.get(((Task.Classification) schema.task()).labels().get(c)).getScore(),
                        within(1e-9));
            }
        }
    }

    @Test
    void theAllocationFreeVariantWritesTheSameProbabilities() {
        CompiledForest forest = CompiledForest.compile(averaged, Penguins.SCHEMA);
        double[] out = {7, 7, 7, 7};
        for (double[] row : penguins.heldOutRows()) {
            forest.predictProba(row, out);
            assertThat(Arrays.copyOf(out, 3)).isEqualTo(forest.predictProba(row));
            assertThat(out[3]).isEqualTo(7);
        }
        assertThatThrownBy(() -> forest.predict(penguins.rows[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClassifierBundleRoundTripsWithItsDistributions(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("1");
        BundleContents contents = new BundleContents(averaged, Penguins.SCHEMA,
                new SyntheticData.Fixture().stats(penguins.rows.length), new SyntheticData.Fixture().card("penguins", "1"),
                penguins.heldOut, penguins.rows);
        TribuoAgreement agreement = ModelBundle.write(dir, contents);
        assertThat(agreement.agrees()).isTrue();
        assertThat(agreement.rows()).isEqualTo(penguins.heldOut.rows().length);

        ModelBundle loaded = ModelBundle.load(dir);
        assertThat(loaded.schema()).isEqualTo(Penguins.SCHEMA);
        assertThat(ModelBundle.modelLabels(loaded.classifier())).containsExactlyInAnyOrder("Adelie", "Chinstrap", "Gentoo");
        assertThatThrownBy(loaded::model).isInstanceOf(IllegalStateException.class);

        ForestFile.Contents stored = ModelBundle.loadForest(BundleMetadata.load(dir));
        CompiledForest compiled = CompiledForest.compile(averaged, Penguins.SCHEMA);
        assertThat(stored.forest().classes()).isEqualTo(3);
        assertThat(stored.backgroundSize()).isEqualTo(penguins.rows.length - penguins.heldOut.rows().length);
        for (double[] row : penguins.rows) {
            assertThat(stored.forest().predictProba(row)).isEqualTo(compiled.predictProba(row));
        }
    }

    @Test
    void aSchemaWhoseLabelsDifferFromTheModelsIsRefusedNamingThem(@TempDir Path tmp) {
        ModelSchema other = new ModelSchema(Penguins.SCHEMA.features(),
                new Task.Classification("species", List.of("Adelie", "Gentoo", "Emperor")));
        Path dir = tmp.resolve("2");
        assertThatThrownBy(() -> ModelBundle.write(dir, new BundleContents(averaged, other,
                new SyntheticData.Fixture().stats(1), new SyntheticData.Fixture().card("p", "2"), penguins.heldOut,
                penguins.rows))).isInstanceOf(BundleException.class)
                .hasMessageContaining("not in the schema: [Chinstrap]").hasMessageContaining("not in the model: [Emperor]");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aClassifierBundleWhoseSchemaSaysRegressionIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("3");
        ModelBundle.write(dir, new BundleContents(averaged, Penguins.SCHEMA, new SyntheticData.Fixture().stats(1),
                new SyntheticData.Fixture().card("p", "3"), penguins.heldOut, penguins.rows));
        java.nio.file.Files.delete(dir.resolve(BundleFiles.SCHEMA));
        new ModelSchema(Penguins.SCHEMA.features(), new Task.Regression("species", "")).write(dir.resolve(BundleFiles.SCHEMA));
        GenericBundleTest.rehash(dir, BundleFiles.SCHEMA);
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining(dir.resolve(BundleFiles.MODEL).toString())
                .hasMessageContaining("not a regression model");
    }

    /** Every class probability within 1e-9 of Tribuo's, and the same label. */
    static void assertAgrees(CompiledForest forest, Model<Label> model, double[] row, String what) {
        Prediction<Label> tribuo = model.predict(examples.example(LabelFactory.UNKNOWN_LABEL, row));
        List<String> labels = ((Task.Classification) Penguins.SCHEMA.task()).labels();
        double[] p = forest.predictProba(row);
        for (int c = 0; c < labels.size(); c++) {
            assertThat(p[c]).as("%s: P(%s)", what, labels.get(c))
                    .isCloseTo(tribuo.getOutputScores().get(labels.get(c)).getScore(), within(1e-9));
        }
        assertThat(labels.get(forest.label(p))).as("%s: label", what).isEqualTo(tribuo.getOutput().getLabel());
    }
}
