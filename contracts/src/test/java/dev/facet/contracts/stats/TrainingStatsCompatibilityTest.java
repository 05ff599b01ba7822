package dev.facet.contracts.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** training-stats.json gained fields for classifiers; files written before them must still read. */
class TrainingStatsCompatibilityTest {

    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            new Feature("length", Feature.Kind.NUMERIC, "mm", "", 0, false, 100, List.of(), true),
            new Feature("island", Feature.Kind.CATEGORICAL, "category", "", Double.NaN, false, Double.NaN,
                    List.of("Biscoe", "Dream"), false)),
            new Task.Classification("species", List.of("Adelie", "Gentoo")));

    // length, island (1-based position), NaN = missing
    private static final double[][] ROWS = {{40, 1}, {Double.NaN, 2}, {50, 2}, {45, 1}};

    @Test
    void aFileWrittenBeforeTheClassifierFieldsReadsWithThemNull() throws Exception {
        TrainingStats regression = StatsCalculator.regression(SCHEMA_AS_REGRESSION, ROWS_COMPLETE,
                new double[] {1, 2, 3, 4}, ROWS_COMPLETE, new double[] {1, 2, 3, 5}, new double[] {1, 2, 3, 4}, 10, 1L);
        ObjectNode json = Json.MAPPER.valueToTree(regression);
        json.remove("missing_share"); // the file as the old writer wrote it
        TrainingStats old = Json.MAPPER.treeToValue(json, TrainingStats.class);
        assertThat(old.missingShare()).isNull();
        assertThat(old.predictedLabels()).isNull();
        assertThat(old.heldOutClassification()).isNull();
        assertThat(old.heldOutError().rmse()).isEqualTo(regression.heldOutError().rmse());
        assertThat(old.numeric()).isEqualTo(regression.numeric());
    }

    @Test
    void aClassifiersStatisticsRoundTripAndLeaveTheRegressionFieldsOut() throws Exception {
        ClassificationMetrics heldOut = ClassificationMetrics.of(List.of("Adelie", "Gentoo"), new int[] {0, 1},
                new int[] {0, 0}, new double[][] {{0.9, 0.1}, {0.6, 0.4}});
        TrainingStats stats = StatsCalculator.classification(SCHEMA, ROWS, new int[] {0, 1, 1, 0},
                new double[] {0.9, 0.8, 0.7, 0.6}, heldOut, 10, 1L);
        String text = Json.PRETTY.writeValueAsString(stats);
        assertThat(text).doesNotContain("\"prediction\"").doesNotContain("held_out_error");
        TrainingStats back = Json.MAPPER.readValue(text, TrainingStats.class);
        assertThat(back).isEqualTo(stats);
        assertThat(back.missingShare()).isEqualTo(Map.of("length", 0.25, "island", 0.0));
        assertThat(back.numeric().get("length").count()).isEqualTo(3); // present values only
        assertThat(back.numeric().get("length").referenceSample()).containsExactly(40, 45, 50);
        assertThat(back.categorical().get("island").counts()).isEqualTo(Map.of("Biscoe", 2L, "Dream", 2L));
        assertThat(back.predictedLabels().counts()).isEqualTo(Map.of("Adelie", 2L, "Gentoo", 2L));
        assertThat(back.topProbability().mean()).isCloseTo(0.75, within(1e-12));
        assertThat(back.heldOutClassification()).isEqualTo(heldOut);
    }

    private static final ModelSchema SCHEMA_AS_REGRESSION = new ModelSchema(SCHEMA.features(),
            new Task.Regression("mass", "g"));
    private static final double[][] ROWS_COMPLETE = {{40, 1}, {42, 2}, {50, 2}, {45, 1}};
}
