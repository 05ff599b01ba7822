package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.ModelSchema;

/**
 * One request the simulator will send to the model's predict route.
 *
 * @param body   the exact JSON text sent (for {@link BadKind#MALFORMED_JSON}, not JSON at all)
 * @param row    the features sent, or null for an invalid request
 * @param bad    the kind of invalid input, or null for a valid request
 * @param actual the true answer to post as ground truth (a {@link Double} or a label), or null when none is known
 *               (invalid requests, and synthesized rows whose real answer nobody knows)
 */
public record PlannedRequest(String body, Row row, BadKind bad, Object actual) {

    public boolean valid() {
        return bad == null;
    }

    public boolean hasGroundTruth() {
        return actual != null;
    }

    /** A regression's actual; NaN when none is known. */
    public double actualValue() {
        return actual instanceof Double d ? d : Double.NaN;
    }

    static PlannedRequest valid(ModelSchema schema, Row row, Object actual) {
        return new PlannedRequest(RowJson.encode(RowJson.fields(schema, row)), row, null, actual);
    }

    /** A row as it is, its actual as ground truth. */
    static PlannedRequest valid(ModelSchema schema, Row row) {
        return valid(schema, row, row.actual());
    }
}
