package dev.facet.forest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.stats.NumericSummary;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import dev.facet.trainer.Split;
import dev.facet.trainer.TribuoAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Trains one small real forest and checks the bundle round trip, the statistics and the loader's refusals. */
class ModelBundleTest {

    static final ForestConfig CONFIG = ForestConfig.SMALL;
    static DiamondsCsv.Data data;
    static ForestTrainer.Result trained;
    static Path bundle;

    @BeforeAll
    static void trainSmallForest(@TempDir Path tmp) throws IOException {
        data = DiamondsCsv.loadBundled();
        trained = ForestTrainer.train(data, CONFIG, "test-forest", "7", m -> { });
        bundle = tmp.resolve("7");
        ModelBundle.write(bundle, trained.model(), trained.stats(), trained.card(), trained.heldOut());
    }

    @Test
    void aLoadedBundlePredictsExactlyAsTheTrainedModelOnEveryHeldOutRow() {
        ModelBundle loaded = ModelBundle.load(bundle);
        assertThat(loaded.version()).isEqualTo("7");
        assertThat(loaded.name()).isEqualTo("test-forest");
        List<LabelledDiamond> heldOut = StatsCalculator.rows(data.rows(), loaded.heldOut().rows());
        assertThat(heldOut).hasSize(10_788);
        for (LabelledDiamond row : heldOut) {
            assertThat(TribuoAdapter.predict(loaded.model(), row.diamond()))
                    .isEqualTo(TribuoAdapter.predict(trained.model(), row.diamond()));
        }
    }

    @Test
    void theStoredForestPredictsAsTribuoOnEveryHeldOutRowAndExplainsAsTheTrainingRowsDo() {
        BundleMetadata meta = BundleMetadata.load(bundle);
        assertThat(meta.manifest().files()).containsKey(BundleFiles.FOREST);
        ForestFile.Contents stored = ModelBundle.loadForest(meta);
        for (LabelledDiamond row : StatsCalculator.rows(data.rows(), meta.heldOut().rows())) {
            assertThat(stored.forest().predict(row.diamond()))
                    .isCloseTo(TribuoAdapter.predict(trained.model(), row.diamond()), within(1e-9));
        }
        // the covers stored at training are those of the training rows: same explainer as counting them now
        ForestExplainer counted = ForestExplainer.of(stored.forest(),
                ForestExplainer.trainingRows(data, meta.heldOut()));
        ForestExplainer fromFile = stored.explainer();
        assertThat(fromFile.backgroundSize()).isEqualTo(43_152);
        assertThat(fromFile.expectedValue()).isEqualTo(counted.expectedValue());
        Diamond d = data.rows().get(meta.heldOut().rows()[0]).diamond();
        assertThat(fromFile.explain(d).byFeature()).isEqualTo(counted.explain(d).byFeature());
    }

    @Test
    void aBundleWithoutAStoredForestIsCompiledFromTheTribuoModel(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.delete(copy.resolve(BundleFiles.FOREST));
        Path manifest = copy.resolve(BundleFiles.MANIFEST);
        ObjectNode json =
                (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        ((ObjectNode) json.get("files")).remove(BundleFiles.FOREST);
        Files.writeString(manifest, json.toPrettyString());
        BundleMetadata meta = BundleMetadata.load(copy);
        assertThat(meta.manifest().files()).doesNotContainKey(BundleFiles.FOREST);
        ForestFile.Contents compiled = ModelBundle.loadForest(meta);
        ForestFile.Contents stored = ModelBundle.loadForest(BundleMetadata.load(bundle));
        assertThat(compiled.covers()).isEqualTo(stored.covers());
        Diamond d = data.rows().get(0).diamond();
        assertThat(compiled.forest().predict(d)).isEqualTo(stored.forest().predict(d));
    }

    @Test
    void aDiamondsBundleDeclaresTheDiamondsSchema() {
        assertThat(BundleMetadata.load(bundle).manifest().files()).containsKey(BundleFiles.SCHEMA);
        assertThat(BundleMetadata.load(bundle).schema()).isEqualTo(DiamondSchema.MODEL_SCHEMA);
        assertThat(ModelBundle.load(bundle).schema()).isEqualTo(DiamondSchema.MODEL_SCHEMA);
    }

    @Test
    void aBundleWrittenBeforeSchemasWereFilesReadsAsTheDiamondsSchema(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.delete(copy.resolve(BundleFiles.SCHEMA));
        Path manifest = copy.resolve(BundleFiles.MANIFEST);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        ((ObjectNode) json.get("files")).remove(BundleFiles.SCHEMA);
        Files.writeString(manifest, json.toPrettyString());
        assertThat(BundleMetadata.load(copy).schema()).isEqualTo(DiamondSchema.MODEL_SCHEMA);
        ModelBundle loaded = ModelBundle.load(copy);
        assertThat(loaded.schema()).isEqualTo(DiamondSchema.MODEL_SCHEMA);
        Diamond d = data.rows().get(3).diamond();
        assertThat(ModelBundle.loadForest(BundleMetadata.load(copy)).forest().predict(d))
                .isEqualTo(ModelBundle.loadForest(BundleMetadata.load(bundle)).forest().predict(d));
    }

    @Test
    void aListedForestThatIsMissingOrCorruptIsNamed(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.write(copy.resolve(BundleFiles.FOREST), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> BundleMetadata.load(copy))
                .isInstanceOf(BundleException.class).hasMessageContaining("forest.bin is corrupt");
        Files.delete(copy.resolve(BundleFiles.FOREST));
        assertThatThrownBy(() -> BundleMetadata.load(copy)).hasMessageContaining("forest.bin is missing");
    }

    @Test
    void heldOutRowsAreTheSeededSplitAndTheCardReportsTheirMetrics() {
        ModelBundle loaded = ModelBundle.load(bundle);
        assertThat(loaded.heldOut().rows()).isEqualTo(Split.of(data.rows().size(), 0.2, CONFIG.seed()).heldOut());
        List<LabelledDiamond> heldOut = StatsCalculator.rows(data.rows(), loaded.heldOut().rows());
        RegressionMetrics direct = RegressionMetrics.of(ForestTrainer.predict(loaded.model(), heldOut),
                heldOut.stream().mapToDouble(LabelledDiamond::price).toArray());
        assertThat(loaded.card().heldOutMetrics()).isEqualTo(direct);
        assertThat(loaded.stats().heldOutError().rmse()).isEqualTo(direct.rmse());
        assertThat(loaded.card().data().sha256()).isEqualTo(DiamondsCsv.BUNDLED_SHA256);
        assertThat(loaded.card().modelBytes()).isEqualTo(loaded.directory().resolve(BundleFiles.MODEL).toFile().length());
        assertThat(direct.r2()).isGreaterThan(0.95);
    }

    @Test
    void trainingTwiceWithTheSameSeedGivesTheSameMetricsToTheLastDigit() {
        ForestTrainer.Result again = ForestTrainer.train(data, CONFIG, "test-forest", "7", m -> { });
        assertThat(again.metrics()).isEqualTo(trained.metrics());
        assertThat(again.stats().prediction()).isEqualTo(trained.stats().prediction());
    }

    @Test
    void statisticsEqualADirectComputationOverTheTrainingRows() {
        ModelBundle loaded = ModelBundle.load(bundle);
        List<LabelledDiamond> train = StatsCalculator.rows(data.rows(),
                Split.of(data.rows().size(), 0.2, CONFIG.seed()).train());
        assertThat(loaded.stats().trainingRows()).isEqualTo(train.size());
        for (var f : DiamondSchema.NUMERIC) {
            double[] v = train.stream().mapToDouble(r -> r.diamond().numeric(f.name())).sorted().toArray();
            NumericSummary s = loaded.stats().numeric().get(f.name());
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
            assertThat(s.count()).isEqualTo(v.length);
            assertThat(s.min()).isEqualTo(v[0]);
            assertThat(s.max()).isEqualTo(v[v.length - 1]);
            assertThat(s.mean()).isCloseTo(mean, within(1e-9));
            assertThat(s.std()).isCloseTo(Math.sqrt(var), within(1e-9));
            assertThat(s.quantile(0.5)).isEqualTo(NumericSummary.quantile(v, 0.5));
            assertThat(s.referenceSample()).hasSize(5_000).isSorted();
            assertThat(v).contains(s.referenceSample());
        }
        long ideal = train.stream().filter(r -> r.diamond().cut().equals("Ideal")).count();
        assertThat(loaded.stats().categorical().get("cut").counts().get("Ideal")).isEqualTo(ideal);
        assertThat(loaded.stats().categorical().get("cut").frequencies().get("Ideal"))
                .isEqualTo((double) ideal / train.size());
        double[] trainPredictions = ForestTrainer.predict(loaded.model(), train);
        assertThat(loaded.stats().prediction().mean())
                .isCloseTo(Arrays.stream(trainPredictions).average().orElseThrow(), within(1e-6));
    }

    @Test
    void aMissingBundleIsAClearError(@TempDir Path tmp) {
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nope")))
                .isInstanceOf(BundleException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ModelBundle.load(tmp))
                .isInstanceOf(BundleException.class).hasMessageContaining("bundle.json is missing");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.delete(copy.resolve(BundleFiles.STATS));
        assertThatThrownBy(() -> ModelBundle.load(copy)).hasMessageContaining("training-stats.json is missing");
    }

    @Test
    void aCorruptModelFileIsDetectedByItsChecksum(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.write(copy.resolve(BundleFiles.MODEL), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ModelBundle.load(copy))
                .isInstanceOf(BundleException.class).hasMessageContaining("model.tribuo is corrupt");
    }

    @Test
    void theMonitorsChecksSkipTheModelFilesTheyNeverReadButNotTheJsonTheyDo(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Files.write(copy.resolve(BundleFiles.MODEL), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        Files.write(copy.resolve(BundleFiles.FOREST), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> BundleMetadata.load(copy)).hasMessageContaining("is corrupt");
        BundleMetadata meta = BundleMetadata.load(copy, BundleMetadata.Checks.FILES_READ);
        assertThat(meta.modelFilesChecked()).isFalse();
        assertThat(meta.stats().numeric()).isNotEmpty();
        // whoever reads a model file from these metadata still has it checked
        assertThatThrownBy(() -> ModelBundle.loadForest(meta))
                .isInstanceOf(BundleException.class).hasMessageContaining("forest.bin is corrupt");

        for (String file : List.of(BundleFiles.STATS, BundleFiles.CARD, BundleFiles.HELD_OUT)) {
            Path other = copy(tmp.resolve(file));
            Files.write(other.resolve(file), new byte[] {' '}, StandardOpenOption.APPEND); // still valid JSON
            assertThatThrownBy(() -> BundleMetadata.load(other, BundleMetadata.Checks.FILES_READ))
                    .isInstanceOf(BundleException.class).hasMessageContaining(file + " is corrupt");
        }
        Files.delete(copy.resolve(BundleFiles.MODEL));
        assertThatThrownBy(() -> BundleMetadata.load(copy, BundleMetadata.Checks.FILES_READ))
                .hasMessageContaining("model.tribuo is missing");
    }

    @Test
    void anUnknownFormatVersionIsRefusedNamingTheSupportedOne(@TempDir Path tmp) throws IOException {
        Path copy = copy(tmp);
        Path manifest = copy.resolve(BundleFiles.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : 1", "\"format_version\" : 9"));
        assertThatThrownBy(() -> ModelBundle.load(copy)).hasMessageContaining("format_version 9")
                .hasMessageContaining("reads 1");
    }

    @Test
    void aModelThatIsNotTribuoIsRefused(@TempDir Path tmp) {
        Path junk = tmp.resolve("junk.tribuo");
        assertThatThrownBy(() -> {
            Files.writeString(junk, "not a model");
            ModelBundle.loadModel(junk);
        }).isInstanceOf(BundleException.class).hasMessageContaining("not a readable Tribuo model");
    }

    @Test
    void writingOverAnExistingBundleIsRefused() {
        assertThatThrownBy(() -> ModelBundle.write(bundle, trained.model(), trained.stats(), trained.card(), trained.heldOut()))
                .isInstanceOf(BundleException.class).hasMessageContaining("refusing to overwrite");
    }

    @Test
    void aForestThatDoesNotPriceAsTheTribuoModelIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        // Tribuo weighs the trees of a weighted ensemble; the compiled layout cannot, so it prices otherwise
        List<Model<Regressor>> trees = ((EnsembleModel<Regressor>) trained.model()).getModels();
        float[] weights = new float[trees.size()];
        Arrays.fill(weights, 1f);
        weights[0] = 5f;
        Model<Regressor> weighted = WeightedEnsembleModel.createEnsembleFromExistingModels("weighted", trees,
                new AveragingCombiner(), weights);
        Path dir = tmp.resolve("8");
        assertThatThrownBy(() -> ModelBundle.write(dir, weighted, trained.stats(), trained.card(), trained.heldOut()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("refusing to write " + dir)
                .hasMessageContaining("forest.bin")
                .hasMessageMatching("(?s).*held-out data row \\d+: compiled .* USD, Tribuo .* USD, \\|difference\\| .*");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aBundleWhoseHeldOutRowsAreNotInTheGivenDataIsRefused(@TempDir Path tmp) {
        DiamondsCsv.Data other = new DiamondsCsv.Data(data.rows(), "0".repeat(64), "other.csv");
        Path dir = tmp.resolve("9");
        assertThatThrownBy(() -> ModelBundle.write(dir, trained.model(), trained.stats(), trained.card(),
                trained.heldOut(), other))
                .isInstanceOf(BundleException.class).hasMessageContaining("other.csv")
                .hasMessageContaining("cannot be checked");
        assertThat(dir).doesNotExist();
    }

    @Test
    void writingReportsTheComparisonOnEveryHeldOutRow(@TempDir Path tmp) throws IOException {
        TribuoAgreement agreement = ModelBundle.write(tmp.resolve("10"), trained.model(), trained.stats(),
                trained.card(), trained.heldOut(), data);
        assertThat(agreement.rows()).isEqualTo(trained.heldOut().rows().length);
        assertThat(agreement.agrees()).isTrue();
    }

    @Test
    void resolvePicksTheNewestVersion(@TempDir Path tmp) throws IOException {
        for (String v : List.of("2", "10", "9")) {
            Files.createDirectories(tmp.resolve(v));
            Files.writeString(tmp.resolve(v).resolve(BundleFiles.MANIFEST), "{}");
        }
        assertThat(BundleMetadata.resolve(tmp)).contains(tmp.resolve("10"));
        assertThat(BundleMetadata.resolve(tmp.resolve("9"))).contains(tmp.resolve("9"));
        assertThat(BundleMetadata.resolve(tmp.resolve("none"))).isEmpty();
    }

    private static Path copy(Path tmp) throws IOException {
        return BundleCopies.copy(bundle, tmp);
    }
}
