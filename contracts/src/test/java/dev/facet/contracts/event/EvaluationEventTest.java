package dev.facet.contracts.event;

import dev.facet.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation events: round trip (nulls in the result kept), the published JSON Schema, what the reader refuses. */
class EvaluationEventTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00.123Z");

    static EvaluationEvent drift() {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("test", "ks");
        feature.put("statistic", 0.31);
        feature.put("p_value", 1.0e-9);
        feature.put("drifted", true);
        feature.put("psi", null); // a nested null is kept too (the result map is written as it is)
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("verdict", true);
        result.put("features", Map.of("carat", feature));
        result.put("reason", null);
        result.put("sizes", List.of(1, 2, 3));
        Map<Integer, EvaluationEvent.OffsetRange> offsets = new LinkedHashMap<>();
        offsets.put(0, new EvaluationEvent.OffsetRange(10, 259));
        offsets.put(3, new EvaluationEvent.OffsetRange(7, 7));
        return new EvaluationEvent(1, EvaluationEvent.DRIFT, "diamond-price-rf", "1", "count", AT,
                EvaluationEvent.VERDICT_DRIFT, new EvaluationEvent.Bounds(AT.minusSeconds(60), AT, offsets), result);
    }

    static EvaluationEvent quality() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mae", null);
        result.put("ratio", 1.5);
        return new EvaluationEvent(1, EvaluationEvent.QUALITY, "penguins", "2", "count", AT,
                EvaluationEvent.VERDICT_NO_DRIFT, EvaluationEvent.Bounds.unknown(), result);
    }

    @Test
    void bothKindsRoundTripAndConformToThePublishedSchema() throws Exception {
        for (EvaluationEvent e : List.of(drift(), quality())) {
            byte[] bytes = EvaluationCodec.encode(e);
            assertThat(EvaluationCodec.decode(bytes)).isEqualTo(e);
            assertThat(EventCodecTest.schema("evaluation-event.v1.schema.json").validate(Json.MAPPER.readTree(bytes)))
                    .as(new String(bytes, StandardCharsets.UTF_8)).isEmpty();
            // a prediction schema does not accept it
            assertThat(EventCodecTest.schema("prediction-event.v2.schema.json").validate(Json.MAPPER.readTree(bytes)))
                    .isNotEmpty();
        }
        // the result's nulls are written, not dropped: a reader finds the same keys as in the service's JSON
        assertThat(new String(EvaluationCodec.encode(quality()), StandardCharsets.UTF_8)).contains("\"mae\":null");
    }

    @Test
    void theSchemaRefusesWhatTheReaderRefuses() throws Exception {
        String good = new String(EvaluationCodec.encode(drift()), StandardCharsets.UTF_8);
        for (String[] bad : Arrays.asList(
                new String[]{"\"verdict\":\"drift\"", "\"verdict\":\"maybe\"", "verdict"},
                new String[]{"\"kind\":\"drift\"", "\"kind\":\"other\"", "kind"},
                new String[]{"\"model_name\":\"diamond-price-rf\"", "\"model_name\":\"\"", "model_name"},
                new String[]{"\"first\":10", "\"first\":-1", "bounds.offsets.0"},
                new String[]{"\"evaluated_at\":\"2026-12-03T10:00:00.123Z\"", "\"evaluated_at\":\"yesterday\"", "evaluated_at"})) {
            String json = good.replace(bad[0], bad[1]);
            assertThat(json).isNotEqualTo(good);
            assertThat(EventCodecTest.schema("evaluation-event.v1.schema.json").validate(Json.MAPPER.readTree(json)))
                    .as(json).isNotEmpty();
            assertThatThrownBy(() -> EvaluationCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(EventFormatException.class).hasMessageContaining(bad[2]);
        }
        assertThatThrownBy(() -> EvaluationCodec.decode(good.replace("\"schema_version\":1", "\"schema_version\":2")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .extracting(x -> ((EventFormatException) x).reason())
                .isEqualTo(EventFormatException.Reason.UNKNOWN_SCHEMA_VERSION);
        assertThatThrownBy(() -> EvaluationCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class);
    }
}
