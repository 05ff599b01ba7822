package dev.facet.simulator.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.ModelSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A row as the predict request's body: the features by their schema names, a missing value as JSON null. */
final class RowJson {

    private RowJson() {
    }

    static Map<String, Object> fields(ModelSchema schema, Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            m.put(schema.features().get(i).name(), row.value(i));
        }
        return m;
    }

    /** Field by field, so that a missing value is written as null (the shared mapper leaves nulls out). */
    static String encode(Map<String, Object> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeObject(e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string does not fail", e);
        }
        return out.toString();
    }
}
