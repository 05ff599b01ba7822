package dev.facet.contracts.event;

import dev.facet.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Version 2 prediction events: round trip, the published JSON Schema, and what each reader refuses. */
class ModelPredictionEventTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00.123Z");

    static ModelPredictionEvent classification() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("island", "Biscoe");
        features.put("culmen_length_mm", 46.1);
        features.put("sex", null);
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Adelie", 0.125);
        p.put("Gentoo", 0.875);
        return new ModelPredictionEvent(2, new UUID(1, 2).toString(), AT, "penguins", "1",
                ModelPredictionEvent.CLASSIFICATION, features, null, "Gentoo", p);
    }

    static ModelPredictionEvent regression() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("rooms", 3.0);
        features.put("district", null);
        return new ModelPredictionEvent(2, new UUID(3, 4).toString(), AT, "rent", "7",
                ModelPredictionEvent.REGRESSION, features, 1234.5, null, null);
    }

    @Test
    void bothTasksRoundTripAndConformToThePublishedSchema() throws Exception {
        for (ModelPredictionEvent e : new ModelPredictionEvent[]{classification(), regression()}) {
            byte[] bytes = EventCodec.encode(e);
            assertThat(EventCodec.decodeModelPrediction(bytes)).isEqualTo(e);
            assertThat(EventCodecTest.schema("prediction-event.v2.schema.json").validate(Json.MAPPER.readTree(bytes)))
                    .as(new String(bytes, StandardCharsets.UTF_8)).isEmpty();
            // nor does a version 1 schema accept it, nor the version 1 reader (counted as an unknown version)
            assertThat(EventCodecTest.schema("prediction-event.v1.schema.json").validate(Json.MAPPER.readTree(bytes)))
                    .isNotEmpty();
            assertThatThrownBy(() -> EventCodec.decodePrediction(bytes)).isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("schema_version 2");
        }
    }

    @Test
    void theVersion2ReaderRefusesVersion1AndBrokenFieldsNamingThem() {
        byte[] v1 = EventCodec.encode(EventCodecTest.PREDICTION);
        assertThatThrownBy(() -> EventCodec.decodeModelPrediction(v1)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("schema_version 1");
        String ok = new String(EventCodec.encode(classification()), StandardCharsets.UTF_8);
        assertRefused(ok.replace("\"Gentoo\",\"probabilities\"", "\"Emperor\",\"probabilities\""), "label");
        assertRefused(ok.replace("0.875", "1.5"), "probabilities.Gentoo");
        assertRefused(ok.replace("\"classification\"", "\"ranking\""), "task");
        assertRefused(ok.replace("\"Biscoe\"", "[1]"), "features.island");
        assertRefused(new String(EventCodec.encode(regression()), StandardCharsets.UTF_8).replace("1234.5", "\"x\""),
                "prediction");
    }

    private static void assertRefused(String json, String field) {
        assertThatThrownBy(() -> EventCodec.decodeModelPrediction(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining(field);
    }
}
