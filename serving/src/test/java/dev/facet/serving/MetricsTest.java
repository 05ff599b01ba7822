package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** After known traffic, /metrics holds the expected names with exactly the expected values. */
@ExtendWith(VertxExtension.class)
class MetricsTest {

    private static final int SINGLE = 7;
    private static final int BATCH = 3;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;
    private static String topic;
    private static List<LabelledDiamond> rows;

    @BeforeAll
    static void traffic() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        topic = "predictions-" + UUID.randomUUID();
        broker.createTopic(topic, 2);
        app = TestApps.start(new JsonObject().put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
        rows = SmallModel.heldOutRows(SINGLE + BATCH);
        for (int i = 0; i < SINGLE; i++) {
            assertThat(post("/predict", TestApps.json(rows.get(i).diamond()).encode())).isEqualTo(200);
        }
        JsonArray batch = new JsonArray(rows.subList(SINGLE, SINGLE + BATCH).stream()
                .map(r -> (Object) TestApps.json(r.diamond())).toList());
        assertThat(post("/predict/batch", batch.encode())).isEqualTo(200);
        assertThat(post("/predict", TestApps.valid().put("carat", 99).encode())).isEqualTo(400);
        assertThat(post("/predict", TestApps.valid().put("cut", "Superb").put("colour", "E").encode())).isEqualTo(400);
        assertThat(post("/predict", "{oops")).isEqualTo(400);
        assertThat(post("/no-such-route", "{}")).isEqualTo(404);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void requestCountersCountEachRequestOnceByOutcome() throws Exception {
        String m = scrape();
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", SmallModel.NAME, "endpoint", "predict", "outcome", "success"))).isEqualTo(SINGLE);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", SmallModel.NAME, "endpoint", "predict", "outcome", "client_error"))).isEqualTo(3);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", SmallModel.NAME, "endpoint", "batch", "outcome", "success"))).isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", SmallModel.NAME, "endpoint", "v2_infer", "outcome", "success"))).isZero();
        assertThat(Scrape.of(m, "prediction_rows_total", Map.of("model", SmallModel.NAME, "endpoint", "predict"))).isEqualTo(SINGLE);
        assertThat(Scrape.of(m, "prediction_rows_total", Map.of("model", SmallModel.NAME, "endpoint", "batch"))).isEqualTo(BATCH);
    }

    @Test
    void latencyIsAHistogramOfEveryHandledRequest() throws Exception {
        String m = scrape();
        assertThat(Scrape.of(m, "prediction_latency_seconds_count", Map.of("model", SmallModel.NAME, "endpoint", "predict"))).isEqualTo(SINGLE + 3);
        assertThat(Scrape.of(m, "prediction_latency_seconds_bucket", Map.of("model", SmallModel.NAME, "endpoint", "predict", "le", "+Inf"))).isEqualTo(SINGLE + 3);
        assertThat(m).contains("# TYPE prediction_latency_seconds histogram");
    }

    @Test
    void errorsAreCountedByKindAndField() throws Exception {
        String m = scrape();
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", SmallModel.NAME, "kind", "validation", "field", "carat"))).isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", SmallModel.NAME, "kind", "validation", "field", "cut"))).isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", SmallModel.NAME, "kind", "validation", "field", "other"))).isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", SmallModel.NAME, "kind", "malformed_json", "field", "body"))).isEqualTo(1);
    }

    @Test
    void inputAndPredictionDistributionsSeeEveryServedRow() throws Exception {
        String m = scrape();
        int served = SINGLE + BATCH;
        assertThat(Scrape.of(m, "prediction_value_count", Map.of("model", SmallModel.NAME))).isEqualTo(served);
        assertThat(Scrape.of(m, "prediction_feature_value_count", Map.of("model", SmallModel.NAME, "feature", "carat"))).isEqualTo(served);
        double sum = rows.stream().mapToDouble(r -> r.diamond().carat()).sum();
        assertThat(Scrape.of(m, "prediction_feature_value_sum", Map.of("model", SmallModel.NAME, "feature", "carat"))).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9));
        double max = rows.stream().mapToDouble(r -> r.diamond().depth()).max().orElseThrow();
        assertThat(Scrape.of(m, "prediction_feature_recent_max", Map.of("model", SmallModel.NAME, "feature", "depth"))).isEqualTo(max);
        long ideal = rows.stream().filter(r -> r.diamond().cut().equals("Ideal")).count();
        assertThat(Scrape.of(m, "prediction_feature_category_total", Map.of("model", SmallModel.NAME, "feature", "cut", "category", "Ideal"))).isEqualTo(ideal);
        assertThat(Scrape.of(m, "model_info", Map.of("model_name", SmallModel.NAME, "model_version", SmallModel.VERSION))).isEqualTo(1);
    }

    @Test
    void everyServedRowIsCountedAsSentToKafka() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                Scrape.of(scrape(), "kafka_publish_events_total", Map.of("topic", topic, "outcome", "sent")))
                .isEqualTo(SINGLE + BATCH));
    }

    @Test
    void answersAreCountedByRouteAndCodeAndJvmMetricsAreThere() throws Exception {
        String m = scrape();
        assertThat(Scrape.of(m, "serving_http_responses_total", Map.of("route", "/predict", "code", "200"))).isEqualTo(SINGLE);
        assertThat(Scrape.of(m, "serving_http_responses_total", Map.of("route", "/predict", "code", "400"))).isEqualTo(3);
        assertThat(Scrape.of(m, "serving_http_responses_total", Map.of("route", "/predict/batch", "code", "200"))).isEqualTo(1);
        assertThat(Scrape.of(m, "serving_http_responses_total", Map.of("route", "unmatched", "code", "404"))).isEqualTo(1);
        assertThat(m).contains("jvm_memory_used_bytes").doesNotContain("vertx_http_server_requests_total");
    }

    /** promtool's own lint, when Prometheus is installed on the machine. */
    @Test
    void promtoolFindsNothingToComplainAbout() throws Exception {
        Path promtool = java.util.Arrays.stream(System.getenv("PATH").split(":")).map(p -> Path.of(p, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(promtool).as("promtool on PATH").isNotNull();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
    }

    private static String scrape() throws Exception {
        return TestApps.scrape(client);
    }

    private static int post(String path, String body) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .await(30, TimeUnit.SECONDS).statusCode();
    }

}
