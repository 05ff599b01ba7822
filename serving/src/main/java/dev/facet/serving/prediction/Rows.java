package dev.facet.serving.prediction;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondReader;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.DiamondValidator;
import dev.facet.contracts.schema.FieldError;
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
 * Request bodies to validated rows, or an {@link InvalidInputException} naming every offending field.
 *
 * <p>Batch policy: all or nothing. One invalid row refuses the whole batch with every problem of every row
 * ({@code [i].field}); nothing is predicted or published. This is what OIP V2 servers (KServe, MLServer) and
 * TF Serving do for a batched request, and it spares clients reconciling a partial result: a 200 always
 * holds exactly one prediction per row, in order.
 */
public final class Rows {

    private Rows() {
    }

    /**
     * The raw body of {@code /predict}: read straight off the token stream when it is a plain valid row (the
     * common case, without a map per request), else parsed and validated by {@link #one(Object)}, which names
     * every problem.
     *
     * @throws DecodeException when the body is not JSON at all (the HTTP layer's malformed-JSON answer)
     */
    public static Diamond one(Buffer body) {
        Diamond fast = DiamondReader.read(body.getBytes());
        return fast != null ? fast : one(Json.decodeValue(body));
    }

    /** The raw body of {@code /predict/batch}: as {@link #one(Buffer)}, for an array of rows. */
    public static List<Diamond> batch(Buffer body, int maxRows) {
        List<Diamond> fast = DiamondReader.readArray(body.getBytes(), maxRows);
        return fast != null ? fast : batch(Json.decodeValue(body), maxRows);
    }

    /** The body of {@code /predict}: one JSON object of the nine features. */
    public static Diamond one(Object body) {
        if (!(body instanceof JsonObject o)) {
            throw invalid(List.of(new FieldError("body", "must be a JSON object of the features "
                    + DiamondSchema.names() + ", got " + JsonBodies.kind(body))));
        }
        DiamondValidator.Result r = DiamondValidator.validate(o.getMap(), "");
        if (!r.valid()) {
            throw invalid(r.errors());
        }
        return r.diamond();
    }

    /** The body of {@code /predict/batch}: a JSON array of 1 to {@code maxRows} such objects. */
    public static List<Diamond> batch(Object body, int maxRows) {
        if (!(body instanceof JsonArray a)) {
            throw invalid(List.of(new FieldError("body", "must be a JSON array of diamonds, got " + JsonBodies.kind(body))));
        }
        checkCount(a.size(), maxRows, "body");
        List<Map<String, Object>> maps = new ArrayList<>(a.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object row = a.getValue(i);
            if (row instanceof JsonObject o) {
                maps.add(o.getMap());
            } else {
                maps.add(null);
                errors.add(new FieldError("[" + i + "]", "must be a JSON object of the features, got " + JsonBodies.kind(row)));
            }
        }
        return validateAll(maps, errors);
    }

    /** Validates rows given as maps (null entries already reported in {@code errors}). */
    public static List<Diamond> validateAll(List<Map<String, Object>> maps, List<FieldError> errors) {
        List<Diamond> rows = new ArrayList<>(maps.size());
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i) == null) {
                continue;
            }
            DiamondValidator.Result r = DiamondValidator.validate(maps.get(i), "[" + i + "].");
            if (r.valid()) {
                rows.add(r.diamond());
            } else {
                errors.addAll(r.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return rows;
    }

    public static void checkCount(int n, int maxRows, String field) {
        if (n == 0 || n > maxRows) {
            throw invalid(List.of(new FieldError(field, "must hold 1 to " + maxRows + " rows, got " + n)));
        }
    }

    /** Every error (the exception keeps the first {@value InvalidInputException#MAX_DETAILS}, and counts all). */
    public static InvalidInputException invalid(List<FieldError> errors) {
        return new InvalidInputException(errors);
    }
}
