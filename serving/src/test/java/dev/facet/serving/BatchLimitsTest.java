package dev.facet.serving;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch and V2 infer bodies have their own cap (limits.batch.in.flight.max), below the service-wide one, so a
 * bounded heap holds every admitted body: made to bite by clients that send half a batch and wait.
 */
class BatchLimitsTest {

    private static final int MAX_BATCHES = 2;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.start(new JsonObject().put("kafka.enabled", false).put("http.instances", 1)
                .put("limits.in.flight.max", 16).put("limits.batch.in.flight.max", MAX_BATCHES)
                .put("limits.request.timeout.ms", 20_000));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void beyondTheBatchCapBatchesAndV2GetA503WhileSingleRowsAreServed() throws Exception {
        List<Socket> stalled = List.of(stall("/predict/batch"), stall("/v2/models/diamond-price-rf/infer"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == MAX_BATCHES);
            HttpResponse<Buffer> refused = client.post("/predict/batch")
                    .sendJson(new JsonArray().add(TestApps.valid())).await(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
            assertThat(refused.bodyAsJsonObject().getString("message")).contains("limits.batch.in.flight.max");
            // a single row is not a large body: the service-wide cap (16) still has room
            assertThat(client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS).statusCode())
                    .isEqualTo(200);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        // the slots come back when the clients leave, and a batch is served again
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);
        HttpResponse<Buffer> served = client.post("/predict/batch").sendJson(new JsonArray().add(TestApps.valid()))
                .await(30, TimeUnit.SECONDS);
        assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(200);
        String scrape = TestApps.scrape(client);
        assertThat(Scrape.of(scrape, "serving_requests_refused_total", Map.of("reason", "large_body_limit"))).isEqualTo(1);
        assertThat(Scrape.of(scrape, "serving_requests_refused_total", Map.of("reason", "in_flight_limit"))).isZero();
    }

    /** A POST announcing 100,000 bytes and sending 20: the server waits for the rest, the request in flight. */
    private static Socket stall(String path) throws Exception {
        return TestApps.stalledUpload(app, path, 100_000, "[{\"carat\": 0.3, \"cut\"");
    }

    /** Everything in flight is a stalled batch here: the service-wide gauge counts them. */
    private static double inFlight() throws Exception {
        return Scrape.of(TestApps.scrape(client), "serving_requests_in_flight", Map.of());
    }
}
