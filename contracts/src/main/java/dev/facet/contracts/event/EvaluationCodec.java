package dev.facet.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.json.Json;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes and reads {@link EvaluationEvent}s ({@code schemas/evaluation-event.v1.schema.json}). Kept apart from
 * {@link EventCodec}: evaluations are a few per window, not per request, so a tree is cheap enough here and the
 * result object passes through as it is.
 */
public final class EvaluationCodec {

    /**
     * The project's mapper, but writing nulls: a report's null (a metric not defined yet) is part of what it says,
     * and a reader comparing the event with the service's JSON must find the same keys.
     */
    private static final ObjectMapper WRITER = Json.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    private static final ObjectReader RESULT = Json.MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
    });

    private EvaluationCodec() {
    }

    public static byte[] encode(EvaluationEvent e) {
        ObjectNode root = WRITER.createObjectNode();
        root.put("schema_version", e.schemaVersion());
        root.put("kind", e.kind());
        root.put("model_name", e.modelName());
        root.put("model_version", e.modelVersion());
        root.put("window", e.window());
        root.put("evaluated_at", e.evaluatedAt().toString());
        root.put("verdict", e.verdict());
        ObjectNode bounds = root.putObject("bounds");
        bounds.put("first_event_time", e.bounds().firstEventTime() == null ? null : e.bounds().firstEventTime().toString());
        bounds.put("last_event_time", e.bounds().lastEventTime() == null ? null : e.bounds().lastEventTime().toString());
        ObjectNode offsets = bounds.putObject("offsets");
        e.bounds().offsets().forEach((partition, range) -> {
            ObjectNode r = offsets.putObject(Integer.toString(partition));
            r.put("first", range.first());
            r.put("last", range.last());
        });
        // the result map is written as it is, in the same pass: turning it into a tree first (valueToTree) wrote
        // it twice, through a token buffer, and was most of the drift-worker's cost of publishing a window
        root.putPOJO("result", e.result());
        try {
            return WRITER.writeValueAsBytes(root);
        } catch (IOException ex) { // a tree of plain values always serializes; nothing a caller could do
            throw new IllegalStateException("evaluation event not serializable", ex);
        }
    }

    /** Reads a version 1 event; anything else is an {@link EventFormatException} naming the field. */
    public static EvaluationEvent decode(byte[] bytes) throws EventFormatException {
        JsonNode root;
        try {
            root = bytes == null ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException ex) {
            throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "not a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.isInt() || version.intValue() != EvaluationEvent.SCHEMA_VERSION) {
            throw new EventFormatException(EventFormatException.Reason.UNKNOWN_SCHEMA_VERSION,
                    "schema_version " + version + " is not supported (expected 1)");
        }
        String kind = oneOf(root, "kind", EvaluationEvent.KINDS);
        String verdict = oneOf(root, "verdict", EvaluationEvent.VERDICTS);
        JsonNode b = root.get("bounds");
        if (b == null || !b.isObject()) {
            throw invalid("bounds", "is required and must be an object");
        }
        Map<Integer, EvaluationEvent.OffsetRange> offsets = new LinkedHashMap<>();
        JsonNode o = b.get("offsets");
        if (o == null || !o.isObject()) {
            throw invalid("bounds.offsets", "is required and must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            int partition;
            try {
                partition = Integer.parseInt(p.getKey());
            } catch (NumberFormatException ex) {
                throw invalid("bounds.offsets", "keys must be partition numbers, got " + p.getKey());
            }
            JsonNode first = p.getValue().get("first");
            JsonNode last = p.getValue().get("last");
            if (partition < 0 || first == null || last == null || !first.canConvertToLong() || !last.canConvertToLong()
                    || !first.isIntegralNumber() || !last.isIntegralNumber() || first.longValue() < 0
                    || first.longValue() > last.longValue()) {
                throw invalid("bounds.offsets." + p.getKey(), "must be {first, last} offsets with first <= last");
            }
            offsets.put(partition, new EvaluationEvent.OffsetRange(first.longValue(), last.longValue()));
        }
        JsonNode result = root.get("result");
        if (result == null || !result.isObject()) {
            throw invalid("result", "is required and must be an object");
        }
        Map<String, Object> values;
        try {
            values = RESULT.readValue(result);
        } catch (IOException ex) {
            throw invalid("result", "is not a plain JSON object");
        }
        return new EvaluationEvent(EvaluationEvent.SCHEMA_VERSION, kind, text(root, "model_name"),
                text(root, "model_version"), text(root, "window"), instant(root, "evaluated_at", true), verdict,
                new EvaluationEvent.Bounds(instant(b, "first_event_time", false), instant(b, "last_event_time", false),
                        offsets), values);
    }

    private static String oneOf(JsonNode root, String field, Set<String> allowed) throws EventFormatException {
        String s = text(root, field);
        if (!allowed.contains(s)) {
            throw invalid(field, "must be one of " + allowed.stream().sorted().toList() + ", got " + s);
        }
        return s;
    }

    private static String text(JsonNode root, String field) throws EventFormatException {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            throw invalid(field, "is required and must be a non-empty string");
        }
        return n.textValue();
    }

    private static Instant instant(JsonNode root, String field, boolean required) throws EventFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw invalid(field, "is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw invalid(field, "must be an ISO-8601 UTC timestamp");
        }
        try {
            return Instant.parse(n.textValue());
        } catch (DateTimeParseException ex) {
            throw invalid(field, "must be an ISO-8601 UTC timestamp, got " + n.textValue());
        }
    }

    private static EventFormatException invalid(String field, String problem) {
        return new EventFormatException(EventFormatException.Reason.INVALID_FIELD, field + " " + problem);
    }
}
