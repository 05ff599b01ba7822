package dev.facet.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;

import java.util.LinkedHashMap;
import java.util.Map;

/** A diamond as the {@code /predict} request body: the nine features by their schema names. */
final class DiamondJson {

    private DiamondJson() {
    }

    static Map<String, Object> fields(Diamond d) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Feature f : DiamondSchema.FEATURES) {
            m.put(f.name(), f.isNumeric() ? (Object) d.numeric(f.name()) : d.category(f.name()));
        }
        return m;
    }

    static String encode(Map<String, Object> fields) {
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers and strings always encodes", e);
        }
    }
}
