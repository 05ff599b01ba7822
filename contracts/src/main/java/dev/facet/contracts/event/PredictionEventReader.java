package dev.facet.contracts.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondReader;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The drift-worker's hot path: reads a prediction event straight off Jackson's token stream, without the JSON
 * tree and the field map the general decoder builds (that tree was most of the decode cost at ~100k events a
 * second).
 *
 * <p>It only ever answers for a record it is sure is valid, in exactly the form {@link EventCodec#encode}
 * writes or any field order of it: on anything unusual (a missing, duplicate, mistyped or out-of-range field,
 * trailing content, malformed JSON) it returns {@code null} and {@link EventCodec#decodePrediction} falls back
 * to the tree decoder, which owns every error message. So the two can never disagree on a valid record, and
 * invalid ones are described exactly as before.
 */
final class PredictionEventReader {

    private PredictionEventReader() {
    }

    /** The event, or {@code null} when the record needs the tree decoder's judgement. */
    static PredictionEvent read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static PredictionEvent read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        boolean version = false;
        String id = null;
        String timestamp = null;
        String modelName = null;
        String modelVersion = null;
        Diamond features = null;
        double price = Double.NaN;
        boolean priceSeen = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "schema_version" -> {
                    if (version || v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() != PredictionEvent.SCHEMA_VERSION) {
                        return null;
                    }
                    version = true;
                }
                case "prediction_id" -> {
                    if (id != null || (id = text(p, v)) == null) {
                        return null;
                    }
                }
                case "timestamp" -> {
                    if (timestamp != null || (timestamp = text(p, v)) == null) {
                        return null;
                    }
                }
                case "model_name" -> {
                    if (modelName != null || (modelName = text(p, v)) == null) {
                        return null;
                    }
                }
                case "model_version" -> {
                    if (modelVersion != null || (modelVersion = text(p, v)) == null) {
                        return null;
                    }
                }
                case "features" -> {
                    if (features != null || v != JsonToken.START_OBJECT || (features = DiamondReader.readFeatures(p)) == null) {
                        return null;
                    }
                }
                case "price" -> {
                    if (priceSeen || !v.isNumeric() || !Double.isFinite(price = p.getDoubleValue())) {
                        return null;
                    }
                    priceSeen = true;
                }
                default -> p.skipChildren(); // unknown fields are ignored, as the tree decoder does
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null
                || !version || id == null || timestamp == null || modelName == null || modelVersion == null
                || features == null || !priceSeen) {
            return null;
        }
        try {
            UUID.fromString(id);
            Instant at = UtcTimestamps.parse(timestamp);
            return new PredictionEvent(PredictionEvent.SCHEMA_VERSION, id, at, modelName, modelVersion, features,
                    price);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return s.isEmpty() ? null : s;
    }
}
