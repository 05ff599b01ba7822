package dev.facet.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real responses of every endpoint, success and error, validate against the served openapi.yaml's schemas. */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        // peers at a closed port: /api/status still answers, reporting them unreachable
        app = TestApps.start(new JsonObject().put("kafka.enabled", false).put("links.drift.url", "http://127.0.0.1:9")
                .put("links.quality.url", "http://127.0.0.1:9").put("links.timeout.ms", 300));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
        HttpResponse<Buffer> served = client.get("/openapi.yaml").send().await(30, TimeUnit.SECONDS);
        assertThat(served.statusCode()).isEqualTo(200);
        doc = new ObjectMapper(new YAMLFactory()).readTree(served.bodyAsString());
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void theDocumentCoversEveryRoute() {
        Set<String> paths = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/predict", "/predict/batch", "/explain", "/admin/reload",
                "/api/status", "/", "/health", "/health/live",
                "/health/ready", "/model-info", "/metrics", "/openapi.yaml", "/v2", "/v2/health/live",
                "/v2/health/ready", "/v2/models/{name}", "/v2/models/{name}/versions/{version}",
                "/v2/models/{name}/ready", "/v2/models/{name}/versions/{version}/ready", "/v2/models/{name}/infer",
                "/v2/models/{name}/versions/{version}/infer");
    }

    @Test
    void nativeEndpointsMatchTheirSchemas() throws Exception {
        check(post("/predict", TestApps.valid().encode()), 200, "PredictResponse");
        check(post("/predict", TestApps.valid().put("carat", -1).encode()), 400, "Error");
        check(post("/predict", "{"), 400, "Error");
        check(post("/predict", "x".repeat(70_000)), 413, "Error");
        check(client.post("/predict").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer("1,2"))
                .await(30, TimeUnit.SECONDS), 415, "Error");
        check(post("/predict/batch", new JsonArray().add(TestApps.valid()).add(TestApps.valid()).encode()), 200, "BatchResponse");
        check(post("/predict/batch", new JsonArray().add(1).encode()), 400, "Error");
        check(get("/health"), 200, "Health");
        check(get("/health/ready"), 200, "Health");
        check(get("/health/live"), 200, "Live");
        check(get("/model-info"), 200, "ModelInfo");
        check(get("/nowhere"), 404, "Error");
        check(post("/explain", TestApps.valid().encode()), 200, "ExplainResponse");
        check(post("/explain", TestApps.valid().put("cut", "Superb").encode()), 400, "Error");
        check(get("/api/status"), 200, "PeerStatus");
        check(post("/admin/reload", "{}"), 404, "Error"); // no admin token in this app: the route does not exist
        HttpResponse<Buffer> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.getHeader("Content-Type")).startsWith("text/html");
        assertThat(get("/metrics").bodyAsString()).contains("prediction_requests_total");
    }

    @Test
    void v2EndpointsMatchTheirSchemas() throws Exception {
        String model = "/v2/models/" + SmallModel.NAME;
        check(get("/v2"), 200, "V2ServerMetadata");
        check(get("/v2/health/live"), 200, "V2Live");
        check(get("/v2/health/ready"), 200, "V2Ready");
        check(get(model), 200, "V2ModelMetadata");
        check(get(model + "/versions/" + SmallModel.VERSION), 200, "V2ModelMetadata");
        check(get(model + "/versions/999"), 404, "V2Error");
        check(get(model + "/ready"), 200, "V2ModelReady");
        check(get(model + "/versions/" + SmallModel.VERSION + "/ready"), 200, "V2ModelReady");
        check(get("/v2/models/other"), 404, "V2Error");
        JsonObject req = inferRequest();
        validate(JSON.readTree(req.encode()), "V2InferRequest");
        check(post(model + "/infer", req.encode()), 200, "V2InferResponse");
        check(post(model + "/versions/" + SmallModel.VERSION + "/infer", req.encode()), 200, "V2InferResponse");
        check(post(model + "/infer", "{\"inputs\": []}"), 400, "V2Error");
        check(post("/v2/models/other/infer", req.encode()), 404, "V2Error");
    }

    private static JsonObject inferRequest() {
        JsonObject row = TestApps.valid();
        JsonArray inputs = new JsonArray();
        for (String f : dev.facet.contracts.schema.DiamondSchema.names()) {
            boolean numeric = dev.facet.contracts.schema.DiamondSchema.feature(f).isNumeric();
            inputs.add(new JsonObject().put("name", f).put("datatype", numeric ? "FP32" : "BYTES")
                    .put("shape", new JsonArray().add(1).add(1)).put("data", new JsonArray().add(new JsonArray().add(row.getValue(f)))));
        }
        return new JsonObject().put("id", "contract").put("inputs", inputs)
                .put("outputs", new JsonArray().add(new JsonObject().put("name", "price")));
    }

    private static void check(HttpResponse<Buffer> r, int status, String schema) throws Exception {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        validate(JSON.readTree(r.bodyAsString()), schema);
    }

    /** Validates against one component schema, with the document's components in scope for its $refs. */
    private static void validate(JsonNode body, String schema) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + schema);
        root.set("components", doc.get("components"));
        JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> errors = s.validate(body);
        assertThat(errors).as(schema + " for " + body).isEmpty();
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(path).send().await(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String path, String body) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .await(30, TimeUnit.SECONDS);
    }
}
