package dev.facet.drift.models;

import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.drift.PenguinTraffic;
import dev.facet.drift.TestTraffic;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows per model and per version, on real bundles in one repository root (the diamonds regressor and the
 * penguins classifier): interleaved events of two models are judged apart, a new version starts with empty windows,
 * and models without a bundle or over the limit are told apart.
 */
class ModelCatalogTest {

    private static final int WINDOW = 500;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final List<String> tracked = new ArrayList<>();

    @Test
    void interleavedEventsOfTwoModelsGetSeparateWindowsAndVerdicts() throws Exception {
        Path root = repository();
        ModelCatalog catalog = catalog(root, 10);
        TestTraffic diamonds = TestTraffic.get();
        PenguinTraffic penguins = PenguinTraffic.get();
        List<Integer> gentoo = penguins.rows("Gentoo"::equals);
        Random random = new Random(3);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < WINDOW; i++) {
            add(catalog, diamonds.event(diamonds.draw(random), random, now), i);
            add(catalog, penguins.event(gentoo.get(random.nextInt(gentoo.size())), random, now), i);
        }
        assertThat(tracked).containsExactly(SmallModel.NAME + " " + SmallModel.VERSION,
                SmallPenguins.NAME + " " + SmallPenguins.VERSION);
        assertThat(evaluations).hasSize(2);
        Evaluation d = evaluation(SmallModel.NAME);
        Evaluation p = evaluation(SmallPenguins.NAME);
        assertThat(d.size()).isEqualTo(WINDOW);
        assertThat(p.size()).isEqualTo(WINDOW);
        assertThat(d.datasetDrift()).as("clean diamonds: %s", d.features()).isFalse();
        assertThat(p.datasetDrift()).as("Gentoo-only penguins").isTrue();
        // the classifier's outputs: chi-square on the predicted labels, KS on the top-class probability
        assertThat(p.features()).anySatisfy(r -> {
            assertThat(r.feature()).isEqualTo("prediction");
            assertThat(r.test()).isEqualTo("chi_square");
            assertThat(r.drifted()).isTrue();
        });
        assertThat(p.features()).anySatisfy(r -> {
            assertThat(r.feature()).isEqualTo("top_probability");
            assertThat(r.test()).isEqualTo("ks");
        });
        assertThat(p.quality()).extracting(q -> q.feature()).containsExactlyElementsOf(penguins.schema().names());
        assertThat(d.features()).extracting(r -> r.feature()).contains("carat", "cut", "prediction");
    }

    @Test
    void aNewVersionStartsWithEmptyWindowsOfItsOwn() throws Exception {
        Path root = SmallModel.rootWith("1", "2"); // <root>/1 and <root>/2: the one-model layout
        ModelCatalog catalog = catalog(root, 10);
        TestTraffic diamonds = TestTraffic.get();
        Random random = new Random(4);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        int offset = 0;
        for (int i = 0; i < 300; i++) {
            add(catalog, diamonds.event(diamonds.draw(random), random, now), offset++);
        }
        for (int i = 0; i < 300; i++) {
            add(catalog, version2(diamonds.event(diamonds.draw(random), random, now)), offset++);
        }
        assertThat(evaluations).as("600 events, but no version has 500 yet").isEmpty();
        for (int i = 0; i < 200; i++) {
            add(catalog, version2(diamonds.event(diamonds.draw(random), random, now)), offset++);
        }
        assertThat(evaluations).hasSize(1);
        Evaluation e = evaluations.get(0);
        assertThat(e.modelVersion()).isEqualTo("2");
        // offsets 300..799: none of version 1's events is in version 2's window
        assertThat(e.offsets().get(0)).containsExactly(300, 799);
        assertThat(catalog.monitors()).hasSize(2);
        assertThat(catalog.find(SmallModel.NAME, "1", 0).count().size()).isEqualTo(300);
    }

    @Test
    void aModelWithoutABundleIsUnknownAndOneBeyondTheLimitIsRefused() throws Exception {
        Path root = repository();
        ModelCatalog catalog = catalog(root, 1);
        assertThat(catalog.find("ghost", "1", 0)).isNull();
        assertThat(catalog.outcome()).isEqualTo(ModelCatalog.Outcome.UNKNOWN_MODEL);
        assertThat(catalog.find(SmallModel.NAME, "7", 0)).as("a version that is not on disk").isNull();
        assertThat(catalog.outcome()).isEqualTo(ModelCatalog.Outcome.UNKNOWN_MODEL);
        assertThat(catalog.find(SmallModel.NAME, SmallModel.VERSION, 0)).isNotNull();
        assertThat(catalog.find(SmallPenguins.NAME, SmallPenguins.VERSION, 0)).isNull();
        assertThat(catalog.outcome()).isEqualTo(ModelCatalog.Outcome.MODEL_LIMIT);
        assertThat(catalog.models()).isEqualTo(1);
    }

    @Test
    void anUnknownModelIsLookedForAgainOnlyAfterTheRetryInterval() throws Exception {
        Path root = Files.createTempDirectory("facet-models-");
        ModelCatalog catalog = catalog(root, 10);
        assertThat(catalog.find(SmallPenguins.NAME, SmallPenguins.VERSION, 1_000)).isNull();
        SmallPenguins.copyInto(root); // deployed after the first event
        assertThat(catalog.find(SmallPenguins.NAME, SmallPenguins.VERSION, 1_000 + 59_999)).as("still remembered as missing")
                .isNull();
        assertThat(catalog.find(SmallPenguins.NAME, SmallPenguins.VERSION, 1_000 + 60_000)).as("picked up, no restart")
                .isNotNull();
    }

    private ModelCatalog catalog(Path root, int maxModels) {
        return new ModelCatalog(root, DataDriftPolicy.defaults(), WINDOW, Duration.ofMinutes(5), 20_000, maxModels,
                Duration.ofSeconds(60), new ModelCatalog.Listener() {
                    @Override
                    public void tracked(VersionMonitor m) {
                        tracked.add(m.name() + " " + m.version());
                    }

                    @Override
                    public void dropped(VersionMonitor m) {
                        tracked.remove(m.name() + " " + m.version());
                    }
                });
    }

    /** What the consumer does with one event, short of Kafka. */
    private void add(ModelCatalog catalog, ServedPrediction event, long offset) {
        VersionMonitor m = catalog.find(event.modelName(), event.modelVersion(), 0);
        assertThat(m).as("monitor of %s %s", event.modelName(), event.modelVersion()).isNotNull();
        assertThat(m.columns().read(event, m.row())).isTrue();
        m.count().add(m.row(), 0, offset).ifPresent(s -> evaluations.add(m.engine().evaluate(s, Instant.now())));
    }

    private Evaluation evaluation(String model) {
        return evaluations.stream().filter(e -> e.modelName().equals(model)).findFirst().orElseThrow();
    }

    private static PredictionEvent version2(PredictionEvent e) {
        return new PredictionEvent(e.schemaVersion(), e.predictionId(), e.timestamp(), e.modelName(), "2",
                e.features(), e.price());
    }

    /** Both models in one repository root, {@code <root>/<name>/<version>}. */
    static Path repository() throws Exception {
        Path root = Files.createTempDirectory("facet-models-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        return root;
    }
}
