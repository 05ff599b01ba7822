package dev.facet.serving.v2;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.FieldError;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.service.http.JsonBodies;
import dev.facet.serving.prediction.InvalidInputException;
import dev.facet.serving.prediction.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OIP inference request: one named input tensor per feature, all of the same length n (shape {@code [n]}
 * or {@code [n, 1]}, data flat or nested row-major), numeric features as any numeric datatype, categorical ones
 * as {@code BYTES} (JSON strings). Rows are then validated exactly as {@code /predict} validates them, all or
 * nothing.
 */
public record V2Request(String id, List<Diamond> rows) {

    static final Set<String> NUMERIC_TYPES = Set.of("FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64",
            "UINT8", "UINT16", "UINT32", "UINT64");

    public static V2Request parse(Object body, int maxRows) {
        Columns c = columns(body, maxRows, DiamondSchema.MODEL_SCHEMA, List.of(DiamondSchema.TARGET));
        return new V2Request(c.id(), Rows.validateAll(c.rows(), new ArrayList<>()));
    }

    /**
     * The request's id and its rows as maps (feature name to the tensor's element; absent where a tensor is not
     * given), checked for structure against {@code schema}; {@code outputs} are the names a request may ask for.
     * The rows are for {@code schema}'s validator to check.
     */
    public record Columns(String id, List<Map<String, Object>> rows) {
    }

    public static Columns columns(Object body, int maxRows, ModelSchema schema, List<String> outputs) {
        if (!(body instanceof JsonObject req)) {
            throw structure("body", "must be a JSON object with \"inputs\", got " + JsonBodies.kind(body));
        }
        Object idValue = req.getValue("id");
        if (idValue != null && !(idValue instanceof String)) {
            throw structure("id", "must be a string, got " + JsonBodies.kind(idValue));
        }
        checkParameters(req.getValue("parameters"), "parameters");
        checkOutputs(req.getValue("outputs"), outputs);
        Object inputsValue = req.getValue("inputs");
        if (!(inputsValue instanceof JsonArray inputs) || inputs.isEmpty()) {
            throw structure("inputs", "must be a non-empty array of tensors, one per feature " + schema.names());
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            column(inputs.getValue(k), k, columns, errors, schema);
        }
        for (Feature f : schema.features()) {
            String name = f.name();
            // a feature that may be missing may also be left out of the request: every row misses it
            if (!f.missingAllowed() && !columns.containsKey(name)
                    && errors.stream().noneMatch(e -> e.field().equals(name))) {
                errors.add(new FieldError(name, "input tensor is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw Rows.invalid(errors);
        }
        int n = columns.values().iterator().next().size();
        for (Map.Entry<String, List<Object>> c : columns.entrySet()) {
            if (c.getValue().size() != n) {
                throw structure(c.getKey(), "has " + c.getValue().size() + " elements but other inputs have " + n
                        + "; every input tensor must have the same length");
            }
        }
        Rows.checkCount(n, maxRows, "inputs");
        List<Map<String, Object>> maps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>(16);
            for (Map.Entry<String, List<Object>> c : columns.entrySet()) {
                row.put(c.getKey(), c.getValue().get(i));
            }
            maps.add(row);
        }
        return new Columns((String) idValue, maps);
    }

    private static void column(Object value, int k, Map<String, List<Object>> columns, List<FieldError> errors,
                               ModelSchema schema) {
        String where = "inputs[" + k + "]";
        if (!(value instanceof JsonObject t)) {
            errors.add(new FieldError(where, "must be a tensor object with name, shape, datatype and data"));
            return;
        }
        Object name = t.getValue("name");
        if (!(name instanceof String s) || schema.indexOf(s) < 0) {
            errors.add(new FieldError(where + ".name", "must be one of " + schema.names() + ", got "
                    + (name instanceof String s2 ? '"' + truncate(s2) + '"' : JsonBodies.kind(name))));
            return;
        }
        if (columns.containsKey(s)) {
            errors.add(new FieldError(s, "input tensor is given more than once"));
            return;
        }
        Object parameters = t.getValue("parameters");
        if (parameters != null && !(parameters instanceof JsonObject)) {
            errors.add(new FieldError(where + ".parameters", "must be an object, got " + JsonBodies.kind(parameters)));
            return;
        }
        Feature f = schema.features().get(schema.indexOf(s));
        Object datatype = t.getValue("datatype");
        // a String test first: NUMERIC_TYPES is an immutable set, whose contains(null) throws
        boolean typeOk = datatype instanceof String d && (f.isNumeric() ? NUMERIC_TYPES.contains(d) : "BYTES".equals(d));
        if (!typeOk) {
            errors.add(new FieldError(s, "datatype must be " + (f.isNumeric() ? "numeric (FP64, FP32, INT64 ...)" : "BYTES")
                    + ", got " + (datatype instanceof String d ? '"' + truncate(d) + '"' : JsonBodies.kind(datatype))));
            return;
        }
        if (!(t.getValue("data") instanceof JsonArray data)) {
            errors.add(new FieldError(s, "data must be an array"));
            return;
        }
        List<Object> flat = new ArrayList<>(data.size());
        flatten(data, flat, 0);
        Object shape = t.getValue("shape");
        if (!shapeMatches(shape, flat.size())) {
            errors.add(new FieldError(s, "shape must be [" + flat.size() + "] or [" + flat.size() + ", 1] for "
                    + flat.size() + " elements, got " + (shape == null ? "none" : truncate(String.valueOf(shape)))));
            return;
        }
        columns.put(s, flat);
    }

    private static void flatten(JsonArray data, List<Object> out, int depth) {
        for (Object v : data) {
            if (v instanceof JsonArray inner && depth < 2) {
                flatten(inner, out, depth + 1);
            } else {
                out.add(v);
            }
        }
    }

    private static boolean shapeMatches(Object shape, int n) {
        if (!(shape instanceof JsonArray dims) || dims.isEmpty() || dims.size() > 2) {
            return false;
        }
        for (Object d : dims) {
            if (!(d instanceof Integer || d instanceof Long)) {
                return false;
            }
        }
        long first = ((Number) dims.getValue(0)).longValue();
        long second = dims.size() == 2 ? ((Number) dims.getValue(1)).longValue() : 1;
        return first == n && second == 1;
    }

    private static void checkOutputs(Object outputs, List<String> names) {
        if (outputs == null) {
            return;
        }
        if (!(outputs instanceof JsonArray a)) {
            throw structure("outputs", "must be an array of {\"name\": \"" + names.get(0) + "\"}");
        }
        for (int i = 0; i < a.size(); i++) {
            // an instanceof test first: an immutable list's contains(null) throws
            if (!(a.getValue(i) instanceof JsonObject out) || !(out.getValue("name") instanceof String n)
                    || !names.contains(n)) {
                throw structure("outputs", names.size() == 1 ? "this model has one output, \"" + names.get(0) + "\""
                        : "this model's outputs are " + names.stream().map(n -> '"' + n + '"').toList());
            }
            checkParameters(out.getValue("parameters"), "outputs[" + i + "].parameters");
        }
    }

    /** The protocol's {@code parameters} (of the request, a tensor or an output) is an object when present. */
    private static void checkParameters(Object parameters, String field) {
        if (parameters != null && !(parameters instanceof JsonObject)) {
            throw structure(field, "must be an object, got " + JsonBodies.kind(parameters));
        }
    }

    private static InvalidInputException structure(String field, String problem) {
        return Rows.invalid(List.of(new FieldError(field, problem)));
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
