package dev.facet.forest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A bundle of a regression forest over columns no production code knows: written, loaded, and refused when wrong. */
class GenericBundleTest {

    static SyntheticData data;
    static Model<Regressor> model;
    static TribuoExamples examples;
    static Path bundle;

    @BeforeAll
    static void trainAndWrite(@TempDir Path tmp) throws IOException {
        data = SyntheticData.generate(600, 11);
        model = data.trainRegressor(10, 6, 5);
        examples = new TribuoExamples(SyntheticData.regressionSchema());
        bundle = tmp.resolve("3");
        TribuoAgreement agreement = ModelBundle.write(bundle, data.contents(model, SyntheticData.regressionSchema(),
                "synthetic", "3"));
        assertThat(agreement.rows()).isEqualTo(data.heldOut.rows().length);
    }

    @Test
    void theBundleDeclaresItsSchemaAndLoadsWithIt() {
        BundleMetadata meta = BundleMetadata.load(bundle);
        assertThat(meta.manifest().files()).containsKey(BundleFiles.SCHEMA);
        assertThat(meta.schema()).isEqualTo(SyntheticData.regressionSchema());
        ModelBundle loaded = ModelBundle.load(bundle);
        assertThat(loaded.schema()).isEqualTo(SyntheticData.regressionSchema());
        assertThat(loaded.model().getFeatureIDMap().size()).isEqualTo(3);
        assertThatThrownBy(loaded::classifier).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStoredForestAnswersAsTribuoOnEveryRowMissingValuesIncluded() {
        ForestFile.Contents stored = ModelBundle.loadForest(BundleMetadata.load(bundle));
        assertThat(stored.forest().features()).isEqualTo(3);
        assertThat(stored.backgroundSize()).isEqualTo(data.rows.length - data.heldOut.rows().length);
        for (double[] row : data.rows) {
            assertThat(stored.forest().predict(row)).isCloseTo(TribuoAgreement.tribuo(model, examples, row), within(1e-9));
        }
    }

    @Test
    void theStoredExplainerAddsUpOnEveryRowMissingValuesIncluded() {
        ForestExplainer explainer = ModelBundle.loadForest(BundleMetadata.load(bundle)).explainer();
        for (double[] row : data.rows) {
            Explanation e = explainer.explain(row);
            assertThat(e.contributions()).hasSize(3);
            assertThat(e.reconstructed()).isCloseTo(e.prediction(), within(1e-9));
        }
        assertThat(explainer.explain(data.rows[0]).byFeature(SyntheticData.regressionSchema().names()).keySet())
                .containsExactly("a", "b", "colour");
    }

    @Test
    void aMissingValueGoesWhereTribuoSendsAnAbsentFeatureNotWhereANaNWouldGo() {
        CompiledForest forest = CompiledForest.compile(model, SyntheticData.regressionSchema());
        // the test means something only if some split on 'a' has a negative threshold: there a 0 goes right, a NaN left
        boolean negativeSplit = false;
        for (int n = 0; n < forest.nodes(); n++) {
            negativeSplit |= forest.feature(n) == 0 && forest.threshold(n) < 0;
        }
        assertThat(negativeSplit).isTrue();
        List<double[]> missing = data.rowsWithMissingValues();
        assertThat(missing).hasSizeGreaterThan(50);
        double[][] rows = missing.toArray(double[][]::new);
        double[] all = forest.predictAll(rows);
        for (int i = 0; i < rows.length; i++) {
            double tribuo = TribuoAgreement.tribuo(model, examples, rows[i]);
            assertThat(forest.predict(rows[i])).as("row %d", i).isCloseTo(tribuo, within(1e-9));
            assertThat(all[i]).as("row %d in a batch", i).isEqualTo(forest.predict(rows[i]));
            assertThat(rows[i]).as("the caller's row is not modified").containsAnyOf(Double.NaN);
        }
    }

    @Test
    void aSchemaWhoseFeaturesDifferFromTheModelsIsRefusedNamingThem(@TempDir Path tmp) throws IOException {
        List<Feature> renamed = new ArrayList<>(SyntheticData.features());
        Feature a = renamed.get(0);
        renamed.set(0, new Feature("alpha", a.kind(), a.unit(), a.description(), a.min(), a.minExclusive(), a.max(),
                a.categories(), a.missingAllowed()));
        Path copy = withSchema(tmp, new ModelSchema(renamed, new Task.Regression("score", "points")));
        assertThatThrownBy(() -> ModelBundle.load(copy)).isInstanceOf(BundleException.class)
                .hasMessageContaining(copy.resolve(BundleFiles.MODEL).toString())
                .hasMessageContaining("not in the schema: [a]").hasMessageContaining("not in the model: [alpha]");
    }

    @Test
    void aSchemaOfAnotherTaskOrTargetIsRefused(@TempDir Path tmp) throws IOException {
        Path classification = withSchema(tmp.resolve("c"), SyntheticData.classificationSchema());
        assertThatThrownBy(() -> ModelBundle.load(classification)).isInstanceOf(BundleException.class)
                .hasMessageContaining(BundleFiles.MODEL).hasMessageContaining("not a classification model");
        Path target = withSchema(tmp.resolve("t"), new ModelSchema(SyntheticData.features(),
                new Task.Regression("price", "USD")));
        assertThatThrownBy(() -> ModelBundle.load(target)).isInstanceOf(BundleException.class)
                .hasMessageContaining("model predicts [score], expected [price]");
    }

    @Test
    void writingRefusesAModelThatDoesNotMatchItsSchema(@TempDir Path tmp) {
        Path dir = tmp.resolve("4");
        assertThatThrownBy(() -> ModelBundle.write(dir, data.contents(model, SyntheticData.classificationSchema(),
                "synthetic", "4"))).isInstanceOf(BundleException.class).hasMessageContaining("not a classification model");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aSchemaFileOfAnUnknownVersionIsRefusedNamingTheFile(@TempDir Path tmp) throws IOException {
        ObjectNode json = SyntheticData.regressionSchema().toJson();
        json.put("schema_version", 9);
        Path copy = copy(tmp);
        Files.writeString(copy.resolve(BundleFiles.SCHEMA), json.toPrettyString());
        rehash(copy, BundleFiles.SCHEMA);
        assertThatThrownBy(() -> BundleMetadata.load(copy)).isInstanceOf(BundleException.class)
                .hasMessageContaining(copy.resolve(BundleFiles.SCHEMA).toString())
                .hasMessageContaining("schema_version 9 is not supported");
    }

    @Test
    void heldOutRowsOutsideTheDataAreRefused(@TempDir Path tmp) {
        BundleContents c = data.contents(model, SyntheticData.regressionSchema(), "synthetic", "5");
        double[][] fewer = Arrays.copyOf(c.rows(), 100);
        Path dir = tmp.resolve("5");
        assertThatThrownBy(() -> ModelBundle.write(dir, new BundleContents(c.model(), c.schema(), c.stats(), c.card(),
                c.heldOut(), fewer))).isInstanceOf(BundleException.class).hasMessageContaining("is not one of the 100");
        assertThat(dir).doesNotExist();
    }

    /** A copy of the bundle whose schema.json is {@code schema}, with the manifest's checksum updated. */
    static Path withSchema(Path tmp, ModelSchema schema) throws IOException {
        Path copy = copy(tmp);
        Files.delete(copy.resolve(BundleFiles.SCHEMA));
        schema.write(copy.resolve(BundleFiles.SCHEMA));
        rehash(copy, BundleFiles.SCHEMA);
        return copy;
    }

    static void rehash(Path dir, String file) throws IOException {
        Path manifest = dir.resolve(BundleFiles.MANIFEST);
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(manifest.toFile());
        ((ObjectNode) json.get("files")).put(file, BundleMetadata.sha256(dir.resolve(file)));
        Files.writeString(manifest, json.toPrettyString());
    }

    private static Path copy(Path tmp) throws IOException {
        return BundleCopies.copy(bundle, tmp);
    }
}
