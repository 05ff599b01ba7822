package dev.facet.serving.prediction;

import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.FieldError;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.service.http.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of a model that is data (any schema but the diamonds', which keeps {@link Rows}) to feature
 * vectors in schema order, or an {@link InvalidInputException} naming every offending field, in the words
 * {@code DiamondValidator} uses. A numeric feature is its value; a categorical one its 1-based position in the
 * schema's categories, as the trainer encoded it; a missing value (JSON null or absent) is {@code NaN}, accepted only
 * where the schema allows it, and the compiled forest reads it as Tribuo reads an absent feature.
 *
 * <p>A plain valid body is read off the token stream ({@link SchemaReader}); this class's tree-and-map path takes
 * the rest and names every problem. Batches are all or nothing, as in {@link Rows}.
 */
public final class SchemaRows {

    private SchemaRows() {
    }

    /**
     * The raw body of {@code /models/{name}/predict}.
     *
     * @throws DecodeException when the body is not JSON at all (the malformed-JSON answer)
     */
    public static double[] one(Buffer body, ModelSchema schema) {
        double[] fast = SchemaReader.read(body.getBytes(), schema);
        if (fast != null) {
            return fast;
        }
        return one(Json.decodeValue(body), schema);
    }

    /** A parsed {@code /models/{name}/predict} body: the general path, naming every problem. */
    public static double[] one(Object parsed, ModelSchema schema) {
        if (!(parsed instanceof JsonObject o)) {
            throw Rows.invalid(List.of(new FieldError("body", "must be a JSON object of the features "
                    + schema.names() + ", got " + JsonBodies.kind(parsed))));
        }
        List<FieldError> errors = new ArrayList<>();
        double[] x = vector(o.getMap(), "", schema, errors);
        if (!errors.isEmpty()) {
            throw Rows.invalid(errors);
        }
        return x;
    }

    /** The raw body of {@code /models/{name}/predict/batch}: a JSON array of 1 to {@code maxRows} rows. */
    public static List<double[]> batch(Buffer body, int maxRows, ModelSchema schema) {
        List<double[]> fast = SchemaReader.readArray(body.getBytes(), maxRows, schema);
        if (fast != null) {
            return fast;
        }
        return batch(Json.decodeValue(body), maxRows, schema);
    }

    /** A parsed batch body: the general path, naming every problem. */
    public static List<double[]> batch(Object parsed, int maxRows, ModelSchema schema) {
        if (!(parsed instanceof JsonArray a)) {
            throw Rows.invalid(List.of(new FieldError("body", "must be a JSON array of rows, got "
                    + JsonBodies.kind(parsed))));
        }
        Rows.checkCount(a.size(), maxRows, "body");
        List<double[]> rows = new ArrayList<>(a.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object row = a.getValue(i);
            if (row instanceof JsonObject o) {
                rows.add(vector(o.getMap(), "[" + i + "].", schema, errors));
            } else {
                errors.add(new FieldError("[" + i + "]", "must be a JSON object of the features, got "
                        + JsonBodies.kind(row)));
            }
        }
        if (!errors.isEmpty()) {
            throw Rows.invalid(errors);
        }
        return rows;
    }

    /** Rows given as maps (V2's columns turned into rows): vectors, or every problem of every row. */
    public static List<double[]> validateAll(List<Map<String, Object>> maps, ModelSchema schema) {
        List<double[]> rows = new ArrayList<>(maps.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            rows.add(vector(maps.get(i), "[" + i + "].", schema, errors));
        }
        if (!errors.isEmpty()) {
            throw Rows.invalid(errors);
        }
        return rows;
    }

    /** One row's vector; its problems are added to {@code errors}, each field prefixed with {@code prefix}. */
    static double[] vector(Map<String, ?> json, String prefix, ModelSchema schema, List<FieldError> errors) {
        for (String key : json.keySet()) {
            if (schema.indexOf(key) < 0) {
                errors.add(new FieldError(prefix + shorten(key), "unknown field; expected only " + schema.names()));
            }
        }
        List<Feature> features = schema.features();
        double[] x = new double[features.size()];
        for (int i = 0; i < x.length; i++) {
            Feature f = features.get(i);
            Object value = json.get(f.name());
            if (value == null) {
                if (f.missingAllowed()) {
                    x[i] = Double.NaN;
                } else {
                    errors.add(new FieldError(prefix + f.name(), json.containsKey(f.name())
                            ? "must not be null: this model needs a value" : "is required"));
                }
                continue;
            }
            String problem = f.isNumeric() ? number(f, value, x, i) : category(f, value, x, i);
            if (problem != null) {
                errors.add(new FieldError(prefix + f.name(), problem));
            }
        }
        return x;
    }

    private static String number(Feature f, Object value, double[] out, int i) {
        if (!(value instanceof Number n)) {
            return "must be a number " + f.rangeText() + ", got " + JsonBodies.kind(value);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "must be a finite number, got " + d;
        }
        if (!f.inRange(d)) {
            return "must be " + f.rangeText() + (f.unit().isEmpty() ? "" : " (" + f.unit() + ")") + ", got " + n;
        }
        out[i] = d;
        return null;
    }

    private static String category(Feature f, Object value, double[] out, int i) {
        if (!(value instanceof String s)) {
            return "must be a string, one of " + f.categories() + ", got " + JsonBodies.kind(value);
        }
        int ordinal = f.ordinalOf(s);
        if (ordinal == 0) {
            return "unknown category \"" + shorten(s) + "\"; expected one of " + f.categories();
        }
        out[i] = ordinal;
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
