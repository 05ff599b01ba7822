package dev.facet.simulator.scenario;

import dev.facet.contracts.schema.Diamond;

/**
 * One request the simulator will send to {@code POST /predict}.
 *
 * @param body        the exact JSON text sent (for {@link BadKind#MALFORMED_JSON}, not JSON at all)
 * @param diamond     the features sent, or null for an invalid request
 * @param bad         the kind of invalid input, or null for a valid request
 * @param actualPrice the true price to post as ground truth, or NaN when none is known (invalid requests and
 *                    synthesized rows whose real price nobody knows)
 */
public record PlannedRequest(String body, Diamond diamond, BadKind bad, double actualPrice) {

    public boolean valid() {
        return bad == null;
    }

    public boolean hasGroundTruth() {
        return !Double.isNaN(actualPrice);
    }

    static PlannedRequest valid(Diamond d, double actualPrice) {
        return new PlannedRequest(DiamondJson.encode(DiamondJson.fields(d)), d, null, actualPrice);
    }
}
