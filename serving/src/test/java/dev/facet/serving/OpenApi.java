package dev.facet.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Validates a body against a component schema of the openapi.yaml on the classpath (for tests outside the contract test). */
final class OpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApi() {
    }

    static void validate(String body, String schema) throws Exception {
        JsonNode doc;
        try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + schema);
        root.set("components", doc.get("components"));
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(JSON.readTree(body)))
                .as(schema + " for " + body).isEmpty();
    }
}
