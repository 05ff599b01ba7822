package dev.facet.contracts.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.json.NumberText;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondValidator;
import dev.facet.contracts.schema.FieldError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes and reads the JSON form of the events. Readers are strict about what they rely on: the
 * {@code schema_version} must be one they know, ids must be UUIDs, numbers finite and features valid per the
 * schema; anything else is an {@link EventFormatException} naming the field, never a crash.
 * Unknown extra fields are ignored, so a producer may add optional fields without a new version.
 */
public final class EventCodec {

    private EventCodec() {
    }

    /** The event's JSON; events of this code's schema version are written by {@link PredictionEventWriter}. */
    public static byte[] encode(PredictionEvent e) {
        if (e.schemaVersion() != PredictionEvent.SCHEMA_VERSION) {
            return encodeWithGenerator(e);
        }
        return new PredictionEventWriter(NumberText.uncached()).request(e.timestamp(), e.modelName(), e.modelVersion())
                .write(e.predictionId(), e.features(), e.price());
    }

    /**
     * The general encoder, through a Jackson generator: the writer's fallback for unusual strings and numbers,
     * and the oracle of its tests; package-private so that {@link #encode(PredictionEvent)} is the one way in.
     */
    static byte[] encodeWithGenerator(PredictionEvent e) {
        return write(g -> {
            g.writeNumberField("schema_version", e.schemaVersion());
            g.writeStringField("prediction_id", e.predictionId());
            g.writeStringField("timestamp", e.timestamp().toString());
            g.writeStringField("model_name", e.modelName());
            g.writeStringField("model_version", e.modelVersion());
            g.writeFieldName("features");
            g.writeStartObject();
            Diamond d = e.features();
            g.writeNumberField("carat", d.carat());
            g.writeStringField("cut", d.cut());
            g.writeStringField("color", d.color());
            g.writeStringField("clarity", d.clarity());
            g.writeNumberField("depth", d.depth());
            g.writeNumberField("table", d.table());
            g.writeNumberField("x", d.x());
            g.writeNumberField("y", d.y());
            g.writeNumberField("z", d.z());
            g.writeEndObject();
            g.writeNumberField("price", e.price());
        });
    }

    /** A version 2 event (a model that is data), through the generator: not the diamonds' hot path. */
    public static byte[] encode(ModelPredictionEvent e) {
        return write(g -> {
            g.writeNumberField("schema_version", e.schemaVersion());
            g.writeStringField("prediction_id", e.predictionId());
            g.writeStringField("timestamp", e.timestamp().toString());
            g.writeStringField("model_name", e.modelName());
            g.writeStringField("model_version", e.modelVersion());
            g.writeStringField("task", e.task());
            g.writeFieldName("features");
            g.writeStartObject();
            for (Map.Entry<String, Object> f : e.features().entrySet()) {
                g.writeFieldName(f.getKey());
                if (f.getValue() instanceof Number n) {
                    g.writeNumber(n.doubleValue());
                } else if (f.getValue() instanceof String s) {
                    g.writeString(s);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndObject();
            if (e.prediction() != null) {
                g.writeNumberField("prediction", e.prediction());
            } else {
                g.writeStringField("label", e.label());
                g.writeFieldName("probabilities");
                g.writeStartObject();
                for (Map.Entry<String, Double> p : e.probabilities().entrySet()) {
                    g.writeNumberField(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
        });
    }

    /**
     * Reads a version 2 event (strict as every reader here: an {@link EventFormatException} naming the field, never
     * anything else). The features are checked for shape only (numbers, strings or null): their schema is the
     * model's, which a monitor reads from the bundle.
     */
    public static ModelPredictionEvent decodeModelPrediction(byte[] bytes) throws EventFormatException {
        return modelPrediction(parse(bytes, ModelPredictionEvent.SCHEMA_VERSION));
    }

    /**
     * Reads a prediction event of either version, as a monitor must: version 1 (the diamonds' shape) through
     * the streaming reader where it can, version 2 through the tree. Refuses any other version as the
     * single-version readers do, with {@link EventFormatException.Reason#UNKNOWN_SCHEMA_VERSION}.
     */
    public static ServedPrediction decodeServedPrediction(byte[] bytes) throws EventFormatException {
        PredictionEvent fast = PredictionEventReader.read(bytes);
        if (fast != null) {
            return fast;
        }
        JsonNode root = parse(bytes, PredictionEvent.SCHEMA_VERSION, ModelPredictionEvent.SCHEMA_VERSION);
        return root.get("schema_version").asInt() == PredictionEvent.SCHEMA_VERSION
                ? predictionTree(root) : modelPrediction(root);
    }

    private static ModelPredictionEvent modelPrediction(JsonNode root) throws EventFormatException {
        JsonNode features = root.get("features");
        if (features == null || !features.isObject() || features.isEmpty()) {
            throw invalid("features", "must be a non-empty object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNumber() && Double.isFinite(v.asDouble())) {
                values.put(f.getKey(), v.asDouble());
            } else if (v.isTextual()) {
                values.put(f.getKey(), v.textValue());
            } else if (v.isNull()) {
                values.put(f.getKey(), null);
            } else {
                throw invalid("features." + f.getKey(), "must be a finite number, a string or null");
            }
        }
        String task = text(root, "task");
        Double prediction = null;
        String label = null;
        Map<String, Double> probabilities = null;
        if (ModelPredictionEvent.REGRESSION.equals(task)) {
            prediction = finite(root, "prediction");
        } else if (ModelPredictionEvent.CLASSIFICATION.equals(task)) {
            label = text(root, "label");
            JsonNode ps = root.get("probabilities");
            if (ps == null || !ps.isObject() || ps.size() < 2) {
                throw invalid("probabilities", "must be an object of at least two labels");
            }
            probabilities = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                double v = p.getValue().isNumber() ? p.getValue().asDouble() : Double.NaN;
                if (!(v >= 0 && v <= 1)) {
                    throw invalid("probabilities." + p.getKey(), "must be a number in [0, 1]");
                }
                probabilities.put(p.getKey(), v);
            }
            if (!probabilities.containsKey(label)) {
                throw invalid("label", "must be one of the labels of probabilities " + probabilities.keySet());
            }
        } else {
            throw invalid("task", "must be regression or classification");
        }
        return new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, uuid(root, "prediction_id"),
                instant(root, "timestamp"), text(root, "model_name"), text(root, "model_version"), task, values,
                prediction, label, probabilities);
    }

    /** Version 1 as {@code actual_price}, version 2 as {@code actual}, a number or a label. */
    public static byte[] encode(FeedbackEvent e) {
        return write(g -> {
            g.writeNumberField("schema_version", e.schemaVersion());
            g.writeStringField("prediction_id", e.predictionId());
            if (e.schemaVersion() == FeedbackEvent.SCHEMA_VERSION) {
                g.writeNumberField("actual_price", e.actualValue());
            } else if (e.actualValue() != null) {
                g.writeNumberField("actual", e.actualValue());
            } else {
                g.writeStringField("actual", e.actualLabel());
            }
            g.writeStringField("observed_at", e.observedAt().toString());
            g.writeStringField("received_at", e.receivedAt().toString());
        });
    }

    public static PredictionEvent decodePrediction(byte[] bytes) throws EventFormatException {
        PredictionEvent fast = PredictionEventReader.read(bytes);
        return fast != null ? fast : decodePredictionTree(bytes);
    }

    /**
     * The general decoder: builds the JSON tree and names the first problem. {@link #decodePrediction} falls back
     * to it. Package-private so that {@link #decodePrediction} is the one way in; it is the oracle of the
     * streaming reader's tests, and bench reaches it from this package for the reader's baseline.
     */
    static PredictionEvent decodePredictionTree(byte[] bytes) throws EventFormatException {
        return predictionTree(parse(bytes, PredictionEvent.SCHEMA_VERSION));
    }

    private static PredictionEvent predictionTree(JsonNode root) throws EventFormatException {
        JsonNode features = root.get("features");
        if (features == null || !features.isObject()) {
            throw invalid("features", "must be an object");
        }
        DiamondValidator.Result result = DiamondValidator.validate(plainValues(features), "features.");
        if (!result.valid()) {
            FieldError first = result.errors().get(0);
            throw invalid(first.field(), first.problem());
        }
        return new PredictionEvent(PredictionEvent.SCHEMA_VERSION, uuid(root, "prediction_id"),
                instant(root, "timestamp"), text(root, "model_name"), text(root, "model_version"),
                result.diamond(), finite(root, "price"));
    }

    /**
     * The object's fields as the plain Java values the validator takes (Number, String, Boolean, null, and Map or
     * List for containers), as {@code convertValue(node, Map.class)} gives them but without its round trip through
     * a token buffer: scalars are read off the nodes directly, since this is the drift-worker's fallback path.
     */
    private static Map<String, Object> plainValues(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object plain;
            if (v.isNumber()) {
                plain = v.numberValue();
            } else if (v.isTextual()) {
                plain = v.textValue();
            } else if (v.isBoolean()) {
                plain = v.booleanValue();
            } else if (v.isNull()) {
                plain = null;
            } else {
                plain = Json.MAPPER.convertValue(v, Object.class); // containers: rare and invalid anyway
            }
            map.put(e.getKey(), plain);
        }
        return map;
    }

    /**
     * Reads a feedback event of either version: version 1's {@code actual_price} must be above zero (a price);
     * version 2's {@code actual} is a finite number or a non-empty string (whether it suits the model is for the
     * reader that knows the model to say).
     */
    public static FeedbackEvent decodeFeedback(byte[] bytes) throws EventFormatException {
        JsonNode root = parse(bytes, FeedbackEvent.SCHEMA_VERSION, FeedbackEvent.SCHEMA_VERSION_2);
        String id = uuid(root, "prediction_id");
        if (root.get("schema_version").asInt() == FeedbackEvent.SCHEMA_VERSION) {
            double actual = finite(root, "actual_price");
            if (actual <= 0) {
                throw invalid("actual_price", "must be > 0");
            }
            return new FeedbackEvent(FeedbackEvent.SCHEMA_VERSION, id, actual, null, instant(root, "observed_at"),
                    instant(root, "received_at"));
        }
        JsonNode actual = root.get("actual");
        Double value = null;
        String label = null;
        if (actual != null && actual.isNumber() && Double.isFinite(actual.asDouble())) {
            value = actual.asDouble();
        } else if (actual != null && actual.isTextual() && !actual.textValue().isEmpty()) {
            label = actual.textValue();
        } else {
            throw invalid("actual", "is required and must be a finite number or a non-empty label");
        }
        return new FeedbackEvent(FeedbackEvent.SCHEMA_VERSION_2, id, value, label, instant(root, "observed_at"),
                instant(root, "received_at"));
    }

    private static JsonNode parse(byte[] bytes, int... supported) throws EventFormatException {
        if (bytes == null) {
            throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "record has no value");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON,
                    "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "not a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.isIntegralNumber()) {
            throw invalid("schema_version", "is required and must be an integer");
        }
        for (int v : supported) {
            if (version.asInt() == v) {
                return root;
            }
        }
        throw new EventFormatException(EventFormatException.Reason.UNKNOWN_SCHEMA_VERSION,
                "schema_version " + version.asText() + " is not supported; this reader knows "
                        + Arrays.stream(supported).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
    }

    private static String text(JsonNode root, String field) throws EventFormatException {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw invalid(field, "is required and must be a non-empty string");
        }
        return n.asText();
    }

    private static String uuid(JsonNode root, String field) throws EventFormatException {
        String s = text(root, field);
        try {
            UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a UUID");
        }
        return s;
    }

    private static Instant instant(JsonNode root, String field) throws EventFormatException {
        String s = text(root, field);
        try {
            return UtcTimestamps.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 UTC timestamp such as 2024-01-31T12:00:00Z");
        }
    }

    private static double finite(JsonNode root, String field) throws EventFormatException {
        JsonNode n = root.get(field);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw invalid(field, "is required and must be a finite number");
        }
        return n.asDouble();
    }

    private static EventFormatException invalid(String field, String problem) {
        return new EventFormatException(EventFormatException.Reason.INVALID_FIELD, field + ": " + problem);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
