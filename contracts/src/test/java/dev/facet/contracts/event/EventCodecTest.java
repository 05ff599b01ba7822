package dev.facet.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    static final Diamond DIAMOND = new Diamond(0.7, "Very Good", "G", "VS2", 62.1, 57, 5.7, 5.72, 3.55);
    static final PredictionEvent PREDICTION = PredictionEvent.of(UUID.randomUUID().toString(),
            Instant.parse("2026-11-23T10:15:30.123Z"), "diamond-price-rf", "3", DIAMOND, 2871.25);
    static final FeedbackEvent FEEDBACK = FeedbackEvent.of(PREDICTION.predictionId(), 2790,
            Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T09:00:01.5Z"));

    @Test
    void predictionEventsRoundTrip() throws Exception {
        assertThat(EventCodec.decodePrediction(EventCodec.encode(PREDICTION))).isEqualTo(PREDICTION);
    }

    @Test
    void feedbackEventsRoundTrip() throws Exception {
        assertThat(EventCodec.decodeFeedback(EventCodec.encode(FEEDBACK))).isEqualTo(FEEDBACK);
    }

    static final FeedbackEvent VALUE_V2 = FeedbackEvent.ofValue(PREDICTION.predictionId(), -12.5,
            Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T09:00:01.5Z"));
    static final FeedbackEvent LABEL_V2 = FeedbackEvent.ofLabel(PREDICTION.predictionId(), "Adelie",
            Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T09:00:01.5Z"));

    @Test
    void versionTwoFeedbackEventsRoundTripWithAValueOrALabelAndConformToTheirSchema() throws Exception {
        for (FeedbackEvent e : List.of(VALUE_V2, LABEL_V2)) {
            byte[] bytes = EventCodec.encode(e);
            assertThat(EventCodec.decodeFeedback(bytes)).isEqualTo(e);
            assertThat(schema("feedback-event.v2.schema.json").validate(Json.MAPPER.readTree(bytes))).isEmpty();
            assertThat(schema("feedback-event.v1.schema.json").validate(Json.MAPPER.readTree(bytes))).isNotEmpty();
        }
        assertThat(new String(EventCodec.encode(LABEL_V2), StandardCharsets.UTF_8)).contains("\"actual\":\"Adelie\"");
        // version 1 still reads, as the value of a regression
        assertThat(EventCodec.decodeFeedback(EventCodec.encode(FEEDBACK)).actualValue()).isEqualTo(2790.0);
    }

    @Test
    void versionTwoFeedbackWithoutAUsableActualIsRefusedNamingActual() {
        String json = new String(EventCodec.encode(LABEL_V2), StandardCharsets.UTF_8);
        for (String bad : List.of("\"\"", "true", "null", "[1]", "{}")) {
            assertThatThrownBy(() -> EventCodec.decodeFeedback(json.replace("\"Adelie\"", bad)
                    .getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(EventFormatException.class).hasMessageContaining("actual");
        }
        String v3 = json.replace("\"schema_version\":2", "\"schema_version\":3");
        assertThatThrownBy(() -> EventCodec.decodeFeedback(v3.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("knows 1, 2");
    }

    @Test
    void encodedEventsConformToThePublishedJsonSchemas() throws Exception {
        assertThat(schema("prediction-event.v1.schema.json").validate(Json.MAPPER.readTree(EventCodec.encode(PREDICTION))))
                .isEmpty();
        assertThat(schema("feedback-event.v1.schema.json").validate(Json.MAPPER.readTree(EventCodec.encode(FEEDBACK))))
                .isEmpty();
    }

    @Test
    void theSchemaFileAgreesWithTheFeatureSchema() throws Exception {
        JsonNode props = read("prediction-event.v1.schema.json").at("/$defs/diamond/properties");
        assertThat(iterable(props.fieldNames())).containsExactlyElementsOf(DiamondSchema.names());
        for (Feature f : DiamondSchema.FEATURES) {
            JsonNode p = props.get(f.name());
            if (f.isNumeric()) {
                assertThat(p.get("maximum").asDouble()).as(f.name()).isEqualTo(f.max());
                String minKey = f.minExclusive() ? "exclusiveMinimum" : "minimum";
                assertThat(p.get(minKey).asDouble()).as(f.name()).isEqualTo(f.min());
            } else {
                List<String> categories = new ArrayList<>();
                p.get("enum").forEach(n -> categories.add(n.asText()));
                assertThat(categories).as(f.name()).isEqualTo(f.categories());
            }
        }
    }

    @Test
    void anUnknownSchemaVersionIsRefusedNamingTheSupportedOne() {
        String json = new String(EventCodec.encode(PREDICTION), StandardCharsets.UTF_8)
                .replace("\"schema_version\":1", "\"schema_version\":2");
        assertThatThrownBy(() -> EventCodec.decodePrediction(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EventFormatException.Reason.UNKNOWN_SCHEMA_VERSION);
                    assertThat(e.getMessage()).contains("2").contains("knows 1");
                });
    }

    @Test
    void malformedAndInvalidRecordsAreRefusedWithAReason() {
        assertReason("{\"schema_version\":1,", EventFormatException.Reason.MALFORMED_JSON);
        assertReason("[1,2]", EventFormatException.Reason.MALFORMED_JSON);
        assertReason("{}", EventFormatException.Reason.INVALID_FIELD);
        String bad = new String(EventCodec.encode(PREDICTION), StandardCharsets.UTF_8);
        assertReason(bad.replace("\"Very Good\"", "\"Superb\""), EventFormatException.Reason.INVALID_FIELD);
        assertReason(bad.replace(PREDICTION.predictionId(), "not-a-uuid"), EventFormatException.Reason.INVALID_FIELD);
        assertReason(bad.replace("2026-11-23T10:15:30.123Z", "yesterday"), EventFormatException.Reason.INVALID_FIELD);
        assertReason(bad.replace("2871.25", "\"2871.25\""), EventFormatException.Reason.INVALID_FIELD);
        assertThatThrownBy(() -> EventCodec.decodePrediction(null)).isInstanceOf(EventFormatException.class);
    }

    @Test
    void feedbackWithANonPositivePriceIsRefused() {
        String json = new String(EventCodec.encode(FEEDBACK), StandardCharsets.UTF_8).replace("2790.0", "-5");
        assertThatThrownBy(() -> EventCodec.decodeFeedback(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("actual_price");
    }

    private static void assertReason(String json, EventFormatException.Reason reason) {
        assertThatThrownBy(() -> EventCodec.decodePrediction(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static JsonSchema schema(String file) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(read(file));
    }

    static JsonNode read(String file) throws Exception {
        try (InputStream in = EventCodecTest.class.getResourceAsStream("/schemas/" + file)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
