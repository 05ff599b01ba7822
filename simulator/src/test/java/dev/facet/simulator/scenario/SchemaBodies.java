package dev.facet.simulator.scenario;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a request body by a model's schema as serving's contract states it (every feature present unless it may
 * be missing, JSON null meaning missing; numbers in range; known categories): written from the schema's rules, not
 * from serving's reader, so that it is an independent check of what the simulator sends.
 */
public final class SchemaBodies {

    private SchemaBodies() {
    }

    /** The problems, one per field; a body that is not a JSON object is one problem. */
    public static List<String> problems(ModelSchema schema, String body) {
        Map<String, Object> json;
        try {
            json = Json.MAPPER.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return List.of("not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Feature f : schema.features()) {
            Object v = json.get(f.name());
            if (v == null) {
                if (!f.missingAllowed()) {
                    problems.add(f.name() + " missing");
                }
            } else if (f.isNumeric()) {
                if (!(v instanceof Number n) || !f.inRange(n.doubleValue())) {
                    problems.add(f.name() + " not a number in range: " + v);
                }
            } else if (!(v instanceof String s) || !f.categories().contains(s)) {
                problems.add(f.name() + " not a category: " + v);
            }
        }
        return problems;
    }

    /** The body as a map, nulls kept. */
    public static Map<String, Object> fields(String body) {
        try {
            return Json.MAPPER.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
