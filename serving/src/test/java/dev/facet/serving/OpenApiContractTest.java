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
import dev.facet.trainer.testing.SmallPenguins;
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

import java.nio.file.Files;
import java.nio.file.Path;
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
        // a repository of both tasks: the diamonds regressor (the default) and the penguin classifier
        Path root = Files.createTempDirectory("facet-contract-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        app = TestApps.start(new JsonObject().put("model.dir", root.toString()).put("kafka.enabled", false)
                .put("links.drift.url", "http://127.0.0.1:9")
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

    /** The paths the document describes, pinned: a route added without its documentation fails here. */
    private static final Set<String> DOCUMENTED = Set.of("/predict", "/predict/batch", "/explain", "/admin/reload",
            "/admin/models/{name}/reload", "/api/status", "/", "/health", "/health/live", "/health/ready",
            "/model-info", "/metrics", "/openapi.yaml", "/models", "/models/{name}", "/models/{name}/predict",
            "/models/{name}/predict/batch", "/models/{name}/explain", "/models/{name}/report", "/v2", "/v2/health/live", "/v2/health/ready",
            "/v2/repository/index", "/v2/models/{name}", "/v2/models/{name}/versions/{version}",
            "/v2/models/{name}/ready", "/v2/models/{name}/versions/{version}/ready", "/v2/models/{name}/infer",
            "/v2/models/{name}/versions/{version}/infer");

    /** Not API: the home page's static files and the V2 failure handler's catch-all (the router drops the *). */
    private static final Set<String> NOT_API = Set.of("/assets/", "/v2/");

    @Test
    void theDocumentCoversEveryRoute() {
        Set<String> paths = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrderElementsOf(DOCUMENTED);
    }

    /** The router of an app with admin routes enabled routes exactly the documented paths, and no other. */
    @Test
    void theDocumentedPathsAreTheRoutersPaths() throws Exception {
        ServingApp admin = TestApps.start(new JsonObject().put("kafka.enabled", false).put("admin.token", "contract"));
        try {
            Set<String> routed = new TreeSet<>();
            for (String p : admin.routePaths()) {
                if (!NOT_API.contains(p)) {
                    routed.add(p.replaceAll(":(\\w+)", "{$1}"));
                }
            }
            Set<String> paths = new TreeSet<>();
            doc.get("paths").fieldNames().forEachRemaining(paths::add);
            assertThat(routed).containsExactlyInAnyOrderElementsOf(paths);
        } finally {
            TestApps.stop(admin);
        }
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
        String m = "/models/" + SmallModel.NAME;
        check(get("/models"), 200, "ModelList");
        check(get(m), 200, "ModelDescription");
        check(get("/models/nobody"), 404, "Error");
        check(post(m + "/predict", TestApps.valid().encode()), 200, "ModelPrediction");
        check(post(m + "/predict", TestApps.valid().put("carat", -1).encode()), 400, "Error");
        check(post(m + "/predict/batch", new JsonArray().add(TestApps.valid()).encode()), 200, "ModelBatchResponse");
        check(post(m + "/explain", TestApps.valid().encode()), 200, "ModelExplanation");
        check(post("/models/nobody/predict", TestApps.valid().encode()), 404, "Error");
        String p = "/models/" + SmallPenguins.NAME;
        check(get(p), 200, "ModelDescription");
        check(post(p + "/predict", MultiModelTest.gentoo().encode()), 200, "ModelPrediction");
        check(post(p + "/predict", MultiModelTest.gentoo().put("island", "Atlantis").encode()), 400, "Error");
        check(post(p + "/predict/batch", new JsonArray().add(MultiModelTest.gentoo()).add(MultiModelTest.adelie()).encode()),
                200, "ModelBatchResponse");
        check(post(p + "/explain", MultiModelTest.gentoo().encode()), 200, "ModelExplanation");
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
        check(post("/v2/repository/index", "{}"), 200, "V2RepositoryIndex");
        check(post("/v2/repository/index", "[]"), 400, "V2Error");
        String penguins = "/v2/models/" + SmallPenguins.NAME;
        check(get(penguins), 200, "V2ModelMetadata");
        JsonObject gentoo = MultiModelTest.gentoo();
        JsonArray inputs = new JsonArray();
        for (String f : gentoo.fieldNames()) {
            Object v = gentoo.getValue(f);
            inputs.add(new JsonObject().put("name", f).put("datatype", v instanceof String ? "BYTES" : "FP64")
                    .put("shape", new JsonArray().add(1)).put("data", new JsonArray().add(v)));
        }
        JsonObject classify = new JsonObject().put("inputs", inputs);
        validate(JSON.readTree(classify.encode()), "V2InferRequest");
        check(post(penguins + "/infer", classify.encode()), 200, "V2InferResponse");
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
