package dev.facet.contracts.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.facet.contracts.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads diamonds straight off Jackson's token stream: the hot path of {@code /predict}, {@code /predict/batch}
 * and the consumers' event decoding, without the map per row that {@link DiamondValidator} takes.
 *
 * <p>It only answers for input it is sure is valid: exactly the nine features, each once, of the right type
 * and in range, and nothing else. On anything else it returns {@code null} and the caller takes its general
 * path (parse into maps, {@link DiamondValidator}), which owns every error message. So a valid row gives the
 * same {@link Diamond} either way, and an invalid one is described exactly as before.
 */
public final class DiamondReader {

    private static final int FEATURES = DiamondSchema.FEATURES.size();

    private DiamondReader() {
    }

    /** A document that is one object of the features, or {@code null}. */
    public static Diamond read(byte[] json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Diamond d = readFeatures(p);
            return d != null && p.nextToken() == null ? d : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A document that is an array of 1 to {@code maxRows} objects of the features, or {@code null}. */
    public static List<Diamond> readArray(byte[] json, int maxRows) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<Diamond> rows = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                Diamond d = readFeatures(p);
                if (d == null || rows.size() == maxRows) {
                    return null;
                }
                rows.add(d);
            }
            return t == JsonToken.END_ARRAY && !rows.isEmpty() && p.nextToken() == null ? rows : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The features of the object whose {@code START_OBJECT} the parser has just read, or {@code null}; on
     * success the parser is left on the object's {@code END_OBJECT}.
     */
    public static Diamond readFeatures(JsonParser p) throws IOException {
        double[] numbers = new double[FEATURES];
        String[] labels = new String[FEATURES];
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            int i = DiamondSchema.index(p.currentName());
            JsonToken v = p.nextToken();
            if (i < 0 || (seen & (1 << i)) != 0) {
                return null; // unknown or duplicate feature: the validator names it
            }
            seen |= 1 << i;
            Feature f = DiamondSchema.FEATURES.get(i);
            if (f.isNumeric()) {
                if (!v.isNumeric()) {
                    return null;
                }
                double d = p.getDoubleValue();
                if (!Double.isFinite(d) || !f.inRange(d)) {
                    return null;
                }
                numbers[i] = d;
            } else {
                int ordinal = v == JsonToken.VALUE_STRING ? f.ordinalOf(p.getText()) : 0;
                if (ordinal == 0) {
                    return null;
                }
                labels[i] = f.categories().get(ordinal - 1); // the schema's own instance, as the validator gives
            }
        }
        if (t != JsonToken.END_OBJECT || seen != (1 << FEATURES) - 1) {
            return null;
        }
        return Diamond.fromSchemaOrder(numbers, labels);
    }
}
