package dev.facet.groundtruth.quality;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.schema.Diamond;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MatchedPairTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    private static final PredictionEvent V1 = PredictionEvent.of("0e5c8a2e-6d2f-4b4e-9a43-3c1f4a2b9d10", AT,
            "diamond-price-rf", "1", new Diamond(0.7, "Ideal", "G", "VS1", 61.5, 56, 5.7, 5.72, 3.51), 2875.5);
    private static final ModelPredictionEvent V2 = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
            "7a1d0c55-2b8e-4f35-8d0e-5f2f4c1e9b77", AT, "penguins", "2", ModelPredictionEvent.CLASSIFICATION,
            Map.of("bill_length_mm", 39.1), null, "Adelie", Map.of("Adelie", 0.9, "Gentoo", 0.1));

    @Test
    void aVersionOnePairReadsThePriceAndKeepsTheFeaturesForTheExportOnly() {
        MatchedPair p = new MatchedPair(V1.predictionId(), 1_000, 2_000, V1, Actual.value(3000));

        assertThat(p.model()).isEqualTo("diamond-price-rf");
        assertThat(p.version()).isEqualTo("1");
        assertThat(p.predicted()).isEqualTo(2875.5);
        assertThat(p.error()).isEqualTo(2875.5 - 3000);
        assertThat(p.label()).isNull();
        // the export's view is the generic view of the event, features in the schema's order
        assertThat(p.prediction()).isEqualTo(ModelPredictionEvent.of(V1));
        assertThat(List.copyOf(p.prediction().features().keySet()))
                .containsExactly("carat", "cut", "color", "clarity", "depth", "table", "x", "y", "z");

        MatchedPair lean = p.withoutFeatures();
        assertThat(lean.source()).isNull();
        assertThat(lean.prediction().features()).isEmpty();
        assertThat(lean.prediction().prediction()).isEqualTo(2875.5);
        assertThat(lean.compareTo(p)).isZero();
        assertThat(lean.withoutFeatures()).isSameAs(lean);
    }

    @Test
    void aVersionTwoClassificationPairCarriesItsLabelAndProbabilitiesIntoTheLeanCopy() {
        MatchedPair p = new MatchedPair(V2.predictionId(), 1_000, 2_000, V2, Actual.label("Gentoo"));

        assertThat(p.predicted()).isNaN();
        assertThat(p.prediction()).isSameAs(V2);
        MatchedPair lean = p.withoutFeatures();
        assertThat(lean.label()).isEqualTo("Adelie");
        assertThat(lean.probabilities()).isEqualTo(Map.of("Adelie", 0.9, "Gentoo", 0.1));
        assertThat(lean.prediction().task()).isEqualTo(ModelPredictionEvent.CLASSIFICATION);
        assertThat(lean.prediction().label()).isEqualTo("Adelie");
        assertThat(lean.prediction().modelVersion()).isEqualTo("2");
        assertThat(lean.prediction().features()).isEmpty();
    }
}
