package dev.facet.drift.stats;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Missing, out-of-training-range and unseen-category shares of a window, counted by hand on a tiny model: a
 * numeric feature trained on 1..10 and a categorical one whose third category never occurred in training.
 */
class DataQualityTest {

    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            new Feature("size", Feature.Kind.NUMERIC, "cm", "", 0, false, 100, List.of(), true),
            new Feature("shade", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("light", "mid", "dark"), true)),
            new Task.Regression("weight", "g"));

    @Test
    void sharesOfMissingOutOfRangeAndUnseenValuesAreCountedPerFeature() {
        Reference reference = reference();
        Object[][] rows = {
            {5.0, "light"}, {5.0, "mid"}, {20.0, "dark"}, {0.5, "violet"}, {null, null},
            {null, "light"}, {3.0, "mid"}, {4.0, "light"}, {6.0, "mid"}, {7.0, "light"}};
        EventColumns columns = new EventColumns(reference);
        Row row = columns.newRow();
        CountWindow window = new CountWindow(rows.length, reference);
        WindowSample sample = null;
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("size", rows[i][0]);
            features.put("shade", rows[i][1]);
            assertThat(columns.read(event(features), row)).isTrue();
            sample = window.add(row, 0, i).orElse(null);
        }
        Evaluation e = new DriftEngine(reference, DataDriftPolicy.defaults()).evaluate(sample, Instant.now());
        assertThat(e.verdict()).as("10 events: no drift verdict, but data quality all the same").isFalse();
        Map<String, FeatureQuality> q = e.quality().stream()
                .collect(Collectors.toMap(FeatureQuality::feature, Function.identity()));

        FeatureQuality size = q.get("size");
        assertThat(size.present()).isEqualTo(8);
        assertThat(size.missingShare()).isEqualTo(0.2);                  // 2 of 10 events
        assertThat(size.outOfRangeShare()).isEqualTo(0.25);              // 20 and 0.5 of 8 present, outside 1..10
        assertThat(size.unseenShare()).isNaN();
        assertThat(size.referenceMissingShare()).isCloseTo(0.1, within(1e-12)); // 2 of 20 training rows

        FeatureQuality shade = q.get("shade");
        assertThat(shade.present()).isEqualTo(9);
        assertThat(shade.missingShare()).isEqualTo(0.1);                 // 1 of 10
        assertThat(shade.unseenShare()).isCloseTo(2.0 / 9, within(1e-12)); // "dark" (never in training), "violet" (no category)
        assertThat(shade.outOfRangeShare()).isNaN();
        assertThat(shade.referenceMissingShare()).isZero();
    }

    private static Reference reference() {
        double[][] training = new double[20][];
        double[] predictions = new double[20];
        for (int i = 0; i < 20; i++) {
            double size = i < 2 ? Double.NaN : 1 + (i % 10);   // 1..10, two rows missing
            training[i] = new double[] {size, 1 + (i % 2)};      // light or mid, never dark
            predictions[i] = 100 + i;
        }
        double[][] heldOut = {{2, 1}, {3, 2}};
        TrainingStats stats = StatsCalculator.regression(SCHEMA, training, predictions, heldOut,
                new double[] {110, 120}, new double[] {111, 119}, 100, 1);
        return Reference.of("tiny", "1", SCHEMA, stats);
    }

    private static ModelPredictionEvent event(Map<String, Object> features) {
        return new ModelPredictionEvent(2, UUID.randomUUID().toString(), Instant.parse("2026-01-01T00:00:00Z"),
                "tiny", "1", ModelPredictionEvent.REGRESSION, features, 110.0, null, null);
    }
}
