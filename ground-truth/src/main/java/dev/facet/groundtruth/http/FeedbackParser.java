package dev.facet.groundtruth.http;

import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.JsonBodies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates feedback bodies as strictly as {@code /predict} validates its input: every problem is reported
 * (not just the first), each naming the field, what was expected and what came. Pure and allocation-light: safe
 * on an event loop.
 *
 * <p>{@code prediction_id} must be a canonical UUID (8-4-4-4-12 hex digits); it is lower-cased, because it is
 * the Kafka key and serving writes ids in lower case: an upper-case id would hash to another partition.
 * {@code actual} is a number (a regression's actual) or a non-empty string (a classification's label);
 * {@code actual_price}, the field before models were data, is kept as the regression's alias (a number above zero
 * and at most 1e9, as before); one of the two is required, not both. Whether the actual suits the model that made
 * the prediction is checked by the caller, which may know the model.
 * {@code observed_at} is ISO-8601 with an offset ({@code 2024-01-31T12:00:00Z} or {@code ...+01:00}), optional
 * (default: the receipt time), and may not be later than receipt plus the allowed clock skew.
 */
public final class FeedbackParser {

    static final Set<String> FIELDS = Set.of("prediction_id", "actual", "actual_price", "observed_at");
    /** A label longer than this is no label of any model; the bound keeps events and messages small. */
    static final int MAX_LABEL = 256;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Above any diamond ever sold; a larger number is a unit or typing mistake. */
    static final double MAX_PRICE = 1e9;

    /** Either the requests or the problems. */
    public record Result(List<FeedbackRequest> requests, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final Duration maxSkew;
    private final int maxItems;

    public FeedbackParser(Duration maxSkew, int maxItems) {
        this.maxSkew = maxSkew;
        this.maxItems = maxItems;
    }

    public Result single(Object body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        FeedbackRequest r = item(body, "", now, errors);
        return new Result(r == null ? List.of() : List.of(r), errors);
    }

    /** All or nothing: one invalid item refuses the batch, with every item's problems as {@code [i].field}. */
    public Result batch(Object body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!(body instanceof JsonArray array)) {
            errors.add(new FieldError("body", "must be a JSON array of feedback objects, got " + JsonBodies.kind(body)));
            return new Result(List.of(), errors);
        }
        if (array.isEmpty() || array.size() > maxItems) {
            errors.add(new FieldError("body", "must hold 1 to " + maxItems + " items, got " + array.size()));
            return new Result(List.of(), errors);
        }
        List<FeedbackRequest> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            FeedbackRequest r = item(array.getValue(i), "[" + i + "].", now, errors);
            if (r != null) {
                out.add(r);
            }
        }
        return errors.isEmpty() ? new Result(out, List.of()) : new Result(List.of(), errors);
    }

    private FeedbackRequest item(Object body, String prefix, Instant now, List<FieldError> errors) {
        if (!(body instanceof JsonObject o)) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object with prediction_id and actual, got " + JsonBodies.kind(body)));
            return null;
        }
        int before = errors.size();
        for (String name : o.fieldNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(prefix + truncate(name),
                        "unknown field; expected only prediction_id, actual (or actual_price), observed_at"));
            }
        }
        String id = null;
        Object rawId = o.getValue("prediction_id");
        if (rawId == null) {
            errors.add(new FieldError(prefix + "prediction_id", "is required: the id returned by /predict"));
        } else if (!(rawId instanceof String s) || !UUID.matcher(s).matches()) {
            errors.add(new FieldError(prefix + "prediction_id", "must be a UUID such as "
                    + "3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f, got " + describe(rawId)));
        } else {
            id = s.toLowerCase(Locale.ROOT);
        }
        Double value = null;
        String label = null;
        Object rawActual = o.getValue("actual");
        Object rawPrice = o.getValue("actual_price");
        if (rawActual != null && rawPrice != null) {
            errors.add(new FieldError(prefix + "actual", "give actual or its alias actual_price, not both"));
        } else if (rawActual != null) {
            if (rawActual instanceof Number n && Double.isFinite(n.doubleValue())) {
                value = n.doubleValue();
            } else if (rawActual instanceof String l && !l.isEmpty() && l.length() <= MAX_LABEL) {
                label = l;
            } else {
                errors.add(new FieldError(prefix + "actual", "must be a finite number (a regression's actual) or a "
                        + "label of 1 to " + MAX_LABEL + " characters (a classification's), got "
                        + describe(rawActual)));
            }
        } else if (rawPrice == null) {
            errors.add(new FieldError(prefix + "actual", "is required: the actual value (a number) or label (a "
                    + "string) of the prediction"));
        } else if (!(rawPrice instanceof Number n) || !Double.isFinite(n.doubleValue())
                || !(n.doubleValue() > 0) || n.doubleValue() > MAX_PRICE) {
            errors.add(new FieldError(prefix + "actual_price",
                    "must be a finite number > 0 and <= 1e9 (USD), got " + describe(rawPrice)));
        } else {
            value = ((Number) rawPrice).doubleValue();
        }
        Instant observed = now;
        Object rawObserved = o.getValue("observed_at");
        if (rawObserved != null) {
            observed = instant(rawObserved, prefix, now, errors);
        }
        return errors.size() == before ? new FeedbackRequest(id, value, label, observed) : null;
    }

    private Instant instant(Object raw, String prefix, Instant now, List<FieldError> errors) {
        String field = prefix + "observed_at";
        if (!(raw instanceof String s)) {
            errors.add(new FieldError(field, "must be an ISO-8601 timestamp with offset such as "
                    + "2024-01-31T12:00:00Z, got " + describe(raw)));
            return null;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 timestamp with offset such as "
                    + "2024-01-31T12:00:00Z, got " + describe(raw)));
            return null;
        }
        if (t.isAfter(now.plus(maxSkew))) {
            errors.add(new FieldError(field, "must not be in the future (more than " + maxSkew.toSeconds()
                    + " s after now), got " + describe(raw)));
            return null;
        }
        return t;
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "\"" + truncate(s) + "\"";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return truncate(String.valueOf(v));
        }
        return JsonBodies.kind(v);
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
