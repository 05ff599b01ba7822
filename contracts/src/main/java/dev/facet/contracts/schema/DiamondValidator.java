package dev.facet.contracts.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an untrusted JSON object (as a {@code Map} from any JSON parser) into a {@link Diamond}, or into the
 * full list of what is wrong with it: every missing, unknown, mistyped, non-finite or out-of-range field,
 * each named, so a client can fix all of them in one round trip.
 *
 * <p>Stateless and allocation-light: safe to call on an event loop.
 */
public final class DiamondValidator {

    private DiamondValidator() {
    }

    /** The outcome: exactly one of {@code diamond} and a non-empty {@code errors}. */
    public record Result(Diamond diamond, List<FieldError> errors) {
        public boolean valid() {
            return diamond != null;
        }
    }

    /** Validate one object; {@code prefix} is prepended to field names (e.g. {@code "[3]."} in a batch). */
    public static Result validate(Map<String, ?> json, String prefix) {
        List<FieldError> errors = new ArrayList<>(2);
        for (String key : json.keySet()) {
            if (!DiamondSchema.has(key)) {
                errors.add(new FieldError(prefix + key, "unknown field; expected only " + DiamondSchema.names()));
            }
        }
        double[] numbers = new double[DiamondSchema.FEATURES.size()];
        String[] labels = new String[DiamondSchema.FEATURES.size()];
        for (int i = 0; i < DiamondSchema.FEATURES.size(); i++) {
            Feature f = DiamondSchema.FEATURES.get(i);
            String field = prefix + f.name();
            if (!json.containsKey(f.name())) {
                errors.add(new FieldError(field, "is required"));
                continue;
            }
            Object value = json.get(f.name());
            String problem = f.isNumeric() ? checkNumber(f, value, numbers, i) : checkCategory(f, value, labels, i);
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(Diamond.fromSchemaOrder(numbers, labels), List.of());
    }

    public static Result validate(Map<String, ?> json) {
        return validate(json, "");
    }

    private static String checkNumber(Feature f, Object value, double[] out, int i) {
        if (!(value instanceof Number n)) {
            return "must be a number " + f.rangeText() + ", got " + describe(value);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "must be a finite number, got " + d;
        }
        if (!f.inRange(d)) {
            return "must be " + f.rangeText() + " (" + f.unit() + "), got " + n;
        }
        out[i] = d;
        return null;
    }

    private static String checkCategory(Feature f, Object value, String[] out, int i) {
        if (!(value instanceof String s)) {
            return "must be a string, one of " + f.categories() + ", got " + describe(value);
        }
        if (f.ordinalOf(s) == 0) {
            return "unknown category " + quote(s) + "; expected one of " + f.categories();
        }
        out[i] = f.categories().get(f.ordinalOf(s) - 1);
        return null;
    }

    /** A short, bounded description of a bad value for an error message (never echoes a huge string). */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "string " + quote(s);
        }
        if (value instanceof Boolean b) {
            return "boolean " + b;
        }
        // Parsers wrap nested JSON in their own types (Vert.x JsonObject/JsonArray): name them by shape
        String type = value.getClass().getSimpleName();
        if (value instanceof Map<?, ?> || type.endsWith("Object")) {
            return "an object";
        }
        if (value instanceof List<?> || type.endsWith("Array")) {
            return "an array";
        }
        return type;
    }

    private static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return '"' + shown + '"';
    }
}
