package dev.facet.serving;

import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With no broker at the configured address, predictions are still served; health and metrics say so. */
@ExtendWith(VertxExtension.class)
class BrokerOutageTest {

    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // bound then released: nothing listens there
        }
        app = TestApps.start(new JsonObject().put("kafka.bootstrap.servers", "127.0.0.1:" + closed)
                .put("kafka.degraded.after.ms", 500));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void predictionsAreStillServedAndTheOutageIsVisible() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> r = client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getDouble("price")).isPositive();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonObject health = client.get("/health").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
            assertThat(health.getString("status")).isEqualTo("DEGRADED");
            assertThat(health.getJsonObject("components").getJsonObject("kafka_producer").getString("status"))
                    .isEqualTo("DEGRADED");
            assertThat(health.getJsonObject("components").getJsonObject("model").getString("status")).isEqualTo("UP");
        });
        // degraded is still ready: the service keeps serving
        assertThat(client.get("/health/ready").send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        String m = TestApps.scrape(client);
        double buffered = Scrape.of(m, "kafka_publish_buffered_events", Map.of("topic", "predictions"));
        double failed = Scrape.of(m, "kafka_publish_events_total", Map.of("topic", "predictions", "outcome", "failed"));
        assertThat(buffered + failed).isEqualTo(3);
        assertThat(Scrape.of(m, "kafka_publish_events_total", Map.of("topic", "predictions", "outcome", "sent"))).isZero();
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", SmallModel.NAME, "endpoint", "predict", "outcome", "success"))).isEqualTo(3);
    }
}
