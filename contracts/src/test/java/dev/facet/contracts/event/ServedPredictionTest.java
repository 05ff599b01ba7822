package dev.facet.contracts.event;

import dev.facet.contracts.schema.Diamond;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The monitors' reader of both event versions, and the generic view of a version 1 event. */
class ServedPredictionTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void readsEitherVersionAsItsOwnRecord() throws Exception {
        PredictionEvent v1 = PredictionEvent.of(new UUID(5, 6).toString(), AT, "diamond-price-rf", "1",
                new Diamond(0.5, "Ideal", "E", "VS1", 61.5, 55, 5.1, 5.1, 3.2), 1500.25);
        ServedPrediction a = EventCodec.decodeServedPrediction(EventCodec.encode(v1));
        assertThat(a).isEqualTo(v1);

        ModelPredictionEvent v2 = ModelPredictionEventTest.classification();
        ServedPrediction b = EventCodec.decodeServedPrediction(EventCodec.encode(v2));
        assertThat(b).isEqualTo(v2);
    }

    @Test
    void aVersion1EventThatTheStreamingReaderLeavesToTheTreeIsStillRead() throws Exception {
        // escaped characters make the streaming reader fall back to the tree; the version decides the branch
        String json = "{\"schema_version\":1,\"prediction_id\":\"" + new UUID(7, 8) + "\",\"timestamp\":"
                + "\"2026-12-03T10:00:00Z\",\"model_name\":\"diamond\\u002dprice-rf\",\"model_version\":\"1\","
                + "\"features\":{\"carat\":0.5,\"cut\":\"Ideal\",\"color\":\"E\",\"clarity\":\"VS1\",\"depth\":61.5,"
                + "\"table\":55,\"x\":5.1,\"y\":5.1,\"z\":3.2},\"price\":1500.25}";
        ServedPrediction e = EventCodec.decodeServedPrediction(json.getBytes(StandardCharsets.UTF_8));
        assertThat(e).isInstanceOf(PredictionEvent.class);
        assertThat(e.modelName()).isEqualTo("diamond-price-rf");
    }

    @Test
    void refusesOtherVersionsNamingBoth() {
        String json = "{\"schema_version\":3,\"prediction_id\":\"" + new UUID(7, 8) + "\"}";
        assertThatThrownBy(() -> EventCodec.decodeServedPrediction(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EventFormatException.Reason.UNKNOWN_SCHEMA_VERSION);
                    assertThat(e.getMessage()).contains("knows 1, 2");
                });
    }

    @Test
    void theGenericViewOfAVersion1EventIsARegressionOverTheDiamondsFeatures() {
        PredictionEvent v1 = PredictionEvent.of(new UUID(5, 6).toString(), AT, "diamond-price-rf", "1",
                new Diamond(0.5, "Ideal", "E", "VS1", 61.5, 55, 5.1, 5.2, 3.2), 1500.25);
        ModelPredictionEvent g = ModelPredictionEvent.of(v1);
        assertThat(g.schemaVersion()).isEqualTo(1);
        assertThat(g.task()).isEqualTo(ModelPredictionEvent.REGRESSION);
        assertThat(g.prediction()).isEqualTo(1500.25);
        assertThat(g.features()).containsExactly(
                entry("carat", 0.5), entry("cut", "Ideal"),
                entry("color", "E"), entry("clarity", "VS1"),
                entry("depth", 61.5), entry("table", 55.0),
                entry("x", 5.1), entry("y", 5.2), entry("z", 3.2));
        ModelPredictionEvent v2 = ModelPredictionEventTest.classification();
        assertThat(ModelPredictionEvent.of(v2)).isSameAs(v2);
    }
}
