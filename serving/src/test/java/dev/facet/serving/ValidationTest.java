package dev.facet.serving;

import dev.facet.serving.v2.V2Bodies;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of bad input gets its exact status and a JSON error body naming the field; never a 5xx. */
@ExtendWith(VertxExtension.class)
class ValidationTest {

    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.start(new JsonObject().put("kafka.enabled", false).put("limits.batch.max.rows", 20));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    static Stream<Arguments> invalidDiamonds() {
        return Stream.of(
                Arguments.of("missing field", without("carat"), "carat", "is required"),
                Arguments.of("number as string", TestApps.valid().put("depth", "61.5"), "depth", "must be a number"),
                Arguments.of("NaN as string", TestApps.valid().put("carat", "NaN"), "carat", "must be a number"),
                Arguments.of("Infinity as string", TestApps.valid().put("x", "Infinity"), "x", "must be a number"),
                Arguments.of("overflow to infinity", raw("1e400"), "carat", "finite"),
                Arguments.of("boolean", TestApps.valid().put("table", true), "table", "boolean true"),
                Arguments.of("null", TestApps.valid().putNull("y"), "y", "null"),
                Arguments.of("nested object", TestApps.valid().put("z", new JsonObject()), "z", "an object"),
                Arguments.of("out of range high", TestApps.valid().put("carat", 11), "carat", "<= 10"),
                Arguments.of("out of range zero", TestApps.valid().put("carat", 0), "carat", "> 0"),
                Arguments.of("negative", TestApps.valid().put("x", -1), "x", ">= 0"),
                Arguments.of("unknown category", TestApps.valid().put("cut", "Superb"), "cut", "unknown category"),
                Arguments.of("category wrong case", TestApps.valid().put("color", "e"), "color", "unknown category"),
                Arguments.of("category as number", TestApps.valid().put("clarity", 3), "clarity", "must be a string"),
                Arguments.of("unknown field", TestApps.valid().put("colour", "E"), "colour", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDiamonds")
    void predictRefusesWithA400NamingTheField(String name, Object body, String field, String problem) throws Exception {
        HttpResponse<Buffer> r = post("/predict", body instanceof String s ? s : ((JsonObject) body).encode());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject error = r.bodyAsJsonObject();
        assertThat(error.getString("error")).isEqualTo("validation");
        assertThat(error.getJsonArray("details")).anySatisfy(d -> {
            assertThat(((JsonObject) d).getString("field")).isEqualTo(field);
            assertThat(((JsonObject) d).getString("problem")).contains(problem);
        });
        assertThat(error.getString("message")).contains(field);
    }

    @Test
    void everyProblemOfARowIsReportedAtOnce() throws Exception {
        JsonObject bad = without("carat").put("cut", "Superb").put("x", "NaN").put("extra", 1);
        JsonArray details = post("/predict", bad.encode()).bodyAsJsonObject().getJsonArray("details");
        assertThat(details.stream().map(d -> ((JsonObject) d).getString("field")))
                .containsExactlyInAnyOrder("carat", "cut", "x", "extra");
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponse<Buffer> r = post("/predict", "{\"carat\": 0.3,");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("malformed_json");
    }

    @Test
    void literalNaNIsMalformedJson() throws Exception {
        HttpResponse<Buffer> r = post("/predict", TestApps.valid().encode().replace("0.23", "NaN"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("malformed_json");
    }

    @Test
    void emptyBodyIsA400() throws Exception {
        HttpResponse<Buffer> r = post("/predict", "");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("malformed_json");
    }

    @Test
    void aJsonArrayOnPredictIsA400NamingTheBody() throws Exception {
        HttpResponse<Buffer> r = post("/predict", "[]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("body");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<Buffer> r = client.post("/predict").putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer(TestApps.valid().encode())).await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_media_type");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String huge = "{\"carat\": \"" + "a".repeat(70_000) + "\"}";
        HttpResponse<Buffer> r = post("/predict", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("payload_too_large");
    }

    @Test
    void unknownRouteIsA404Json() throws Exception {
        HttpResponse<Buffer> r = client.get("/no/such/thing").send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    }

    @Test
    void wrongMethodIsA405Json() throws Exception {
        HttpResponse<Buffer> r = client.get("/predict").send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
    }

    @Test
    void batchWithOneBadRowIsRefusedWholeNamingEveryBadRow() throws Exception {
        JsonArray batch = new JsonArray().add(TestApps.valid()).add(TestApps.valid().put("carat", -1))
                .add(TestApps.valid()).add("not an object").add(without("cut"));
        HttpResponse<Buffer> r = post("/predict/batch", batch.encode());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
                .containsExactly("[3]", "[1].carat", "[4].cut");
    }

    @Test
    void batchWithTooManyRowsIsA400NamingTheBody() throws Exception {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 21; i++) {
            batch.add(TestApps.valid());
        }
        HttpResponse<Buffer> r = post("/predict/batch", batch.encode());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject d = r.bodyAsJsonObject().getJsonArray("details").getJsonObject(0);
        assertThat(d.getString("field")).isEqualTo("body");
        assertThat(d.getString("problem")).contains("1 to 20 rows, got 21");
    }

    @Test
    void emptyBatchIsA400() throws Exception {
        assertThat(post("/predict/batch", "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void v2ErrorsUseTheProtocolShape() throws Exception {
        HttpResponse<Buffer> unknown = client.get("/v2/models/nope").send().await(30, TimeUnit.SECONDS);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().fieldNames()).containsExactly("error");
        assertThat(unknown.bodyAsJsonObject().getString("error")).contains("nope");

        JsonObject req = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "carat")
                .put("datatype", "FP64").put("shape", new JsonArray().add(1)).put("data", new JsonArray().add("NaN"))));
        HttpResponse<Buffer> bad = post("/v2/models/" + SmallModel.NAME + "/infer", req.encode());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().fieldNames()).containsExactly("error");
        assertThat(bad.bodyAsJsonObject().getString("error")).contains("cut", "input tensor is required");

        HttpResponse<Buffer> malformed = post("/v2/models/" + SmallModel.NAME + "/infer", "{");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().fieldNames()).containsExactly("error");
    }

    @Test
    void aV2TensorWithoutOrWithNullDatatypeIsA400NamingTheInput() throws Exception {
        JsonObject missing = V2Bodies.valid(1);
        missing.getJsonArray("inputs").getJsonObject(0).remove("datatype");
        JsonObject nulled = V2Bodies.valid(1);
        nulled.getJsonArray("inputs").getJsonObject(1).putNull("datatype");
        for (JsonObject body : List.of(missing, nulled)) {
            HttpResponse<Buffer> r = post("/v2/models/" + SmallModel.NAME + "/infer", body.encode());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().fieldNames()).containsExactly("error");
            assertThat(r.bodyAsJsonObject().getString("error")).contains("datatype must be");
        }
    }

    @Test
    void v2ParametersThatAreNotAnObjectAreA400() throws Exception {
        HttpResponse<Buffer> r = post("/v2/models/" + SmallModel.NAME + "/infer",
                V2Bodies.valid(1).put("parameters", new JsonArray()).encode());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("parameters", "must be an object, got an array");
    }

    private static HttpResponse<Buffer> post(String path, String body) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
    }

    private static JsonObject without(String field) {
        JsonObject o = TestApps.valid();
        o.remove(field);
        return o;
    }

    private static String raw(String carat) {
        return TestApps.valid().encode().replace("0.23", carat);
    }

}
