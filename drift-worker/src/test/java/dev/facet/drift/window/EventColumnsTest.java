package dev.facet.drift.window;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.drift.PenguinTraffic;
import dev.facet.drift.TestTraffic;
import dev.facet.drift.stats.Reference;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Events that do not fit a model version's columns are refused (the consumer counts them as schema_mismatch). */
class EventColumnsTest {

    private final TestTraffic diamonds = TestTraffic.get();
    private final Random random = new Random(6);

    @Test
    void eachModelsEventsFitItsOwnColumnsAndNotTheOthers() {
        Reference penguins = penguins();
        PredictionEvent diamond = diamonds.event(diamonds.draw(random), random, Instant.now());
        ModelPredictionEvent penguin = PenguinTraffic.get().event(0, random, Instant.now());

        EventColumns diamondColumns = diamonds.columns();
        EventColumns penguinColumns = new EventColumns(penguins);
        assertThat(diamondColumns.read(diamond, diamondColumns.newRow())).isTrue();
        assertThat(penguinColumns.read(penguin, penguinColumns.newRow())).isTrue();
        assertThat(penguinColumns.read(diamond, penguinColumns.newRow())).as("a version 1 event is a regression").isFalse();
        assertThat(diamondColumns.read(penguin, diamondColumns.newRow())).as("a classification has no prediction")
                .isFalse();
    }

    @Test
    void aValueOfTheWrongTypeOrALabelTheSchemaDoesNotHaveIsRefused() {
        Reference penguins = penguins();
        EventColumns columns = new EventColumns(penguins);
        ModelPredictionEvent e = PenguinTraffic.get().event(0, random, Instant.now());
        String numeric = penguins.numeric().get(0).name();
        Map<String, Object> features = new LinkedHashMap<>(e.features());
        features.put(numeric, "forty");
        assertThat(columns.read(with(e, features, e.label(), e.probabilities()), columns.newRow())).isFalse();
        Map<String, Double> probabilities = new LinkedHashMap<>(e.probabilities());
        probabilities.put("Emperor", 0.0);
        assertThat(columns.read(with(e, e.features(), "Emperor", probabilities), columns.newRow())).isFalse();
        assertThat(columns.read(with(e, e.features(), e.label(), e.probabilities()), columns.newRow())).isTrue();
    }

    private static ModelPredictionEvent with(ModelPredictionEvent e, Map<String, Object> features, String label,
                                             Map<String, Double> probabilities) {
        return new ModelPredictionEvent(e.schemaVersion(), e.predictionId(), e.timestamp(), e.modelName(),
                e.modelVersion(), e.task(), features, null, label, probabilities);
    }

    private static Reference penguins() {
        BundleMetadata m = BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ);
        return Reference.of(m.name(), m.version(), m.schema(), m.stats());
    }
}
