package dev.facet.serving.prediction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of a model that is data straight off Jackson's token stream, as {@code DiamondReader} does for the
 * diamonds: no JSON tree and no map per request, the vector filled as the fields go by.
 *
 * <p>It only answers for input it is sure is valid (each feature at most once, of the right type, in range, a
 * missing value only where the schema allows it, nothing else); on anything else it returns {@code null} and the
 * caller takes {@link SchemaRows}' general path, which owns every error message. So a valid row gives the same
 * vector either way. A feature is found by a scan of the schema's names: a schema has at most
 * {@code CompiledForest.MAX_FEATURES} of them, fewer comparisons than hashing costs.
 */
public final class SchemaReader {

    private SchemaReader() {
    }

    /** A document that is one object of {@code schema}'s features, or {@code null}. */
    public static double[] read(byte[] json, ModelSchema schema) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            double[] x = readFeatures(p, schema);
            return x != null && p.nextToken() == null ? x : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A document that is an array of 1 to {@code maxRows} such objects, or {@code null}. */
    public static List<double[]> readArray(byte[] json, int maxRows, ModelSchema schema) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<double[]> rows = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                double[] x = readFeatures(p, schema);
                if (x == null || rows.size() == maxRows) {
                    return null;
                }
                rows.add(x);
            }
            return t == JsonToken.END_ARRAY && !rows.isEmpty() && p.nextToken() == null ? rows : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The vector of the object whose {@code START_OBJECT} was just read, or {@code null}; left on its end. */
    static double[] readFeatures(JsonParser p, ModelSchema schema) throws IOException {
        List<Feature> features = schema.features();
        int n = features.size();
        if (n > Integer.SIZE) {
            return null; // the seen-mask below holds 32; the general path takes wider schemas
        }
        double[] x = new double[n];
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            int i = schema.indexOf(p.currentName());
            JsonToken v = p.nextToken();
            if (i < 0 || (seen & (1 << i)) != 0) {
                return null; // unknown or duplicate: the general path names it
            }
            seen |= 1 << i;
            Feature f = features.get(i);
            if (v == JsonToken.VALUE_NULL) {
                if (!f.missingAllowed()) {
                    return null;
                }
                x[i] = Double.NaN;
            } else if (f.isNumeric()) {
                if (!v.isNumeric()) {
                    return null;
                }
                double d = p.getDoubleValue();
                if (!Double.isFinite(d) || !f.inRange(d)) {
                    return null;
                }
                x[i] = d;
            } else {
                int ordinal = v == JsonToken.VALUE_STRING ? f.ordinalOf(p.getText()) : 0;
                if (ordinal == 0) {
                    return null;
                }
                x[i] = ordinal;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if ((seen & (1 << i)) == 0) {
                if (!features.get(i).missingAllowed()) {
                    return null;
                }
                x[i] = Double.NaN; // absent: missing, as null
            }
        }
        return x;
    }
}
