package dev.facet.simulator.scenario;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.DiamondValidator;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Reads a request body the way a server would: JSON first, then the schema's validator. */
public final class Bodies {

    private Bodies() {
    }

    /** The validation result, or empty when the body is not a JSON object at all. */
    public static Optional<DiamondValidator.Result> validate(String body) {
        try {
            Map<String, Object> json = Json.MAPPER.readValue(body, new TypeReference<Map<String, Object>>() { });
            return Optional.of(DiamondValidator.validate(json));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static boolean isValidDiamond(String body) {
        return validate(body).map(DiamondValidator.Result::valid).orElse(false);
    }
}
