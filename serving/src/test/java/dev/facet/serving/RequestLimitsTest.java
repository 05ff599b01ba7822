package dev.facet.serving;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-flight cap and the request deadline, made to bite by clients that send half a body and wait: each
 * holds a request in flight until the deadline answers it.
 */
class RequestLimitsTest {

    private static final int MAX_IN_FLIGHT = 2;
    private static final int TIMEOUT_MS = 1500;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.start(new JsonObject().put("kafka.enabled", false).put("http.instances", 1)
                .put("limits.in.flight.max", MAX_IN_FLIGHT).put("limits.request.timeout.ms", TIMEOUT_MS));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void beyondTheCapRequestsGetA503WithRetryAfterAndStalledUploadsTimeOutWithA408() throws Exception {
        List<Socket> stalled = List.of(stall(), stall());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == MAX_IN_FLIGHT);
            HttpResponse<Buffer> refused = client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
            assertThat(refused.bodyAsJsonObject().getString("message")).contains("limits.in.flight.max");
            // probes and scrapes are exempt from the cap
            assertThat(client.get("/health/ready").send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(client.get("/metrics").send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            // the stalled uploads are answered by the deadline, in the one error shape: 408, the client's fault
            for (Socket s : stalled) {
                String answer = readAll(s);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"")
                        .contains("limits.request.timeout.ms");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);
        assertThat(client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS).statusCode())
                .isEqualTo(200);
        String scrape = TestApps.scrape(client);
        assertThat(Scrape.of(scrape, "serving_requests_refused_total", Map.of("reason", "in_flight_limit"))).isGreaterThanOrEqualTo(1);
        assertThat(Scrape.of(scrape, "serving_requests_refused_total", Map.of("reason", "slow_upload"))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientThatLeavesMidBodyFreesItsSlot() throws Exception {
        Socket s = stall();
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() >= 1);
        s.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);
    }

    /** A POST announcing 1000 bytes and sending 20: the server waits for the rest, the request in flight. */
    private static Socket stall() throws Exception {
        return TestApps.stalledUpload(app, "/predict", 1000, "{\"carat\": 0.3, \"cut\"");
    }

    private static String readAll(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static double inFlight() throws Exception {
        return Scrape.of(TestApps.scrape(client), "serving_requests_in_flight", Map.of());
    }
}
