package dev.facet.groundtruth.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.json.Json;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class of bad input to the feedback API gets a 4xx with the one JSON error shape naming the field, never
 * a 5xx. The broker address points at a closed port: the API must start and answer regardless (a broker outage
 * degrades, it does not take the service down), and validation never needs the broker.
 */
class FeedbackApiTest {

    private static final String ID = "3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f";
    private static GroundTruthApp app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JsonObject c = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of());
        c.put("http.port", 0).put("model.dir", SmallModel.dir().toString())
                .put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort).put("feedback.batch.max-items", 3)
                .put("http.body-limit-bytes", 1024);
        app = GroundTruthApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String path, String type, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode refused(HttpResponse<String> r, int status, String error) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    private static void names(JsonNode body, String field, String problemFragment) {
        assertThat(body.get("details")).anySatisfy(d -> {
            assertThat(d.get("field").asText()).isEqualTo(field);
            assertThat(d.get("problem").asText()).contains(problemFragment);
        });
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        JsonNode b = refused(post("/feedback", "application/json", "{}"), 400, "validation");
        names(b, "prediction_id", "is required");
        names(b, "actual", "is required");
    }

    @Test
    void anActualMustBeANumberOrALabelAndOnlyOneOfActualAndItsAliasIsTaken() throws Exception {
        names(refused(post("/feedback", "application/json", "{\"prediction_id\": \"" + ID + "\", \"actual\": true}"),
                400, "validation"), "actual", "finite number");
        names(refused(post("/feedback", "application/json", "{\"prediction_id\": \"" + ID + "\", \"actual\": \"\"}"),
                400, "validation"), "actual", "label of 1 to");
        names(refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"" + ID + "\", \"actual\": 5, \"actual_price\": 5}"), 400, "validation"),
                "actual", "not both");
    }

    @Test
    void wrongTypesAndValuesAreNamedWithWhatCame() throws Exception {
        JsonNode b = refused(post("/feedback", "application/json",
                "{\"prediction_id\": 42, \"actual_price\": \"1200\", \"observed_at\": 7}"), 400, "validation");
        names(b, "prediction_id", "got 42");
        names(b, "actual_price", "got \"1200\"");
        names(b, "observed_at", "got 7");
        b = refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"not-a-uuid\", \"actual_price\": -5, \"observed_at\": \"yesterday\"}"), 400, "validation");
        names(b, "prediction_id", "must be a UUID");
        names(b, "actual_price", "> 0");
        names(b, "observed_at", "ISO-8601");
        b = refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"" + ID + "\", \"actual_price\": 1e400}"), 400, "validation");
        names(b, "actual_price", "finite");
        b = refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"" + ID + "\", \"actual_price\": 100, \"observed_at\": \"2999-01-01T00:00:00Z\"}"),
                400, "validation");
        names(b, "observed_at", "future");
        b = refused(post("/feedback", "application/json", "[1]"), 400, "validation");
        names(b, "body", "must be a JSON object");
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        JsonNode b = refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"" + ID + "\", \"actual_price\": 100, \"price\": 3}"), 400, "validation");
        names(b, "price", "unknown field");
    }

    @Test
    void nanInfinityAndMalformedJsonAreMalformed() throws Exception {
        refused(post("/feedback", "application/json", "{\"prediction_id\": \"" + ID + "\", \"actual_price\": NaN}"),
                400, "malformed_json");
        refused(post("/feedback", "application/json",
                "{\"prediction_id\": \"" + ID + "\", \"actual_price\": Infinity}"), 400, "malformed_json");
        refused(post("/feedback", "application/json", "{\"prediction_id\": "), 400, "malformed_json");
        refused(post("/feedback", "application/json", ""), 400, "malformed_json");
    }

    @Test
    void mediaTypeBodySizeAndUnknownRoutesGetTheirStatus() throws Exception {
        refused(post("/feedback", "text/plain", "{}"), 415, "unsupported_media_type");
        refused(post("/feedback", null, "{}"), 415, "unsupported_media_type");
        refused(post("/feedback", "application/json", "{\"x\": \"" + "a".repeat(2000) + "\"}"), 413, "payload_too_large");
        refused(get("/nope"), 404, "not_found");
    }

    @Test
    void aBatchIsAllOrNothingAndNamesEachItemsProblems() throws Exception {
        JsonNode b = refused(post("/feedback/batch", "application/json",
                "[{\"prediction_id\": \"" + ID + "\", \"actual_price\": 100}, {\"actual_price\": 0}]"), 400, "validation");
        names(b, "[1].prediction_id", "is required");
        names(b, "[1].actual_price", "> 0");
        assertThat(b.get("details")).hasSize(2);
        names(refused(post("/feedback/batch", "application/json", "[]"), 400, "validation"), "body", "1 to 3 items");
        names(refused(post("/feedback/batch", "application/json", "[{},{},{},{}]"), 400, "validation"), "body", "1 to 3");
        names(refused(post("/feedback/batch", "application/json", "{}"), 400, "validation"), "body", "JSON array");
        assertThat(get("/quality").body()).contains("\"feedback_received\":0");
    }

    @Test
    void validFeedbackIsAcceptedWithItsCanonicalIdWhileTheBrokerIsDown() throws Exception {
        HttpResponse<String> r = post("/feedback", "application/json; charset=utf-8",
                "{\"prediction_id\": \"" + ID.toUpperCase() + "\", \"actual_price\": 1234.5, "
                        + "\"observed_at\": \"2024-01-31T12:00:00+01:00\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(r.body()).get("prediction_ids").get(0).asText()).isEqualTo(ID);
        HttpResponse<String> health = get("/health/ready");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void invalidFieldsAreCountedWithBoundedLabelsAndTheMetricsPassPromtool() throws Exception {
        post("/feedback", "application/json", "{\"prediction_id\": \"x\", \"actual_price\": 1, \"zzz-" + System.nanoTime() + "\": 1}");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("feedback_invalid_total{application=\"ground-truth\",field=\"unknown_field\"}")
                .doesNotContain("field=\"zzz");
        Path file = Files.createTempFile("gt-metrics", ".txt");
        Files.writeString(file, metrics);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
