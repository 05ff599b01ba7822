package dev.facet.groundtruth.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.json.Json;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feedback writes need the bearer token when one is configured, reads never do; without a token writes are open
 * and say so in {@code auth_enabled}. The limits refuse a client that stalls halfway through its body (408) and
 * requests beyond the in-flight cap (503), while health still answers. The broker address is a closed port:
 * none of this needs Kafka (an accepted event just waits in the publisher's buffer).
 */
class WriteAuthAndLimitsTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static final String FEEDBACK = "{\"prediction_id\":\"3f2b8c1e-5d4a-4f6b-9c2d-1a2b3c4d5e6f\",\"actual_price\":1234.5}";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<GroundTruthApp> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (GroundTruthApp app : running) {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private GroundTruthApp start(Map<String, Object> overrides) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JsonObject c = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of());
        c.put("http.port", 0).put("model.dir", SmallModel.dir().toString())
                .put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort);
        overrides.forEach(c::put);
        GroundTruthApp app = GroundTruthApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        running.add(app);
        return app;
    }

    private HttpResponse<String> post(GroundTruthApp app, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(GroundTruthApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void unauthorized(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo("unauthorized");
        assertThat(r.body()).doesNotContain(TOKEN).doesNotContain("Exception");
    }

    private double metric(GroundTruthApp app, String series) throws Exception {
        return get(app, "/metrics").body().lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series));
    }

    @Test
    void writesNeedTheTokenAndReadsDoNot() throws Exception {
        GroundTruthApp app = start(Map.of("auth.token", TOKEN));

        unauthorized(post(app, "/feedback", null, FEEDBACK));
        unauthorized(post(app, "/feedback", "Bearer wrong-" + TOKEN, FEEDBACK));
        unauthorized(post(app, "/feedback", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1), FEEDBACK));
        unauthorized(post(app, "/feedback", "Basic " + TOKEN, FEEDBACK));
        unauthorized(post(app, "/feedback/batch", "Bearer nope", "[" + FEEDBACK + "]"));
        // authentication comes before validation: an invalid body without the token is still a 401
        unauthorized(post(app, "/feedback", null, "{\"nonsense\":true}"));

        HttpResponse<String> ok = post(app, "/feedback", "Bearer " + TOKEN, FEEDBACK);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        HttpResponse<String> batch = post(app, "/feedback/batch", "bearer " + TOKEN, "[" + FEEDBACK + "]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        HttpResponse<String> invalid = post(app, "/feedback", "Bearer " + TOKEN, "{\"nonsense\":true}");
        assertThat(invalid.statusCode()).isEqualTo(400);

        assertThat(get(app, "/quality").statusCode()).isEqualTo(200);
        assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(app, "/metrics").statusCode()).isEqualTo(200);
        assertThat(metric(app, "auth_enabled{")).isEqualTo(1.0);
        assertThat(metric(app, "http_requests_refused_total{application=\"ground-truth\",reason=\"unauthorized\"}"))
                .isEqualTo(6.0);
        assertThat(metric(app, "feedback_received_total{")).isEqualTo(2.0);
    }

    @Test
    void theTokenFileWinsOverTheSettingAndAnUnreadableFileFailsTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-the-file\n");
        GroundTruthApp app = start(Map.of("auth.token", TOKEN, "auth.token.file", file.toString()));
        unauthorized(post(app, "/feedback", "Bearer " + TOKEN, FEEDBACK));
        assertThat(post(app, "/feedback", "Bearer from-the-file", FEEDBACK).statusCode()).isEqualTo(202);

        assertThat(GroundTruthApp.start(Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of())
                        .put("model.dir", SmallModel.dir().toString())
                        .put("auth.token.file", dir.resolve("missing").toString()))
                .toCompletionStage().toCompletableFuture().handle((a, e) -> e).get(60, TimeUnit.SECONDS))
                .isNotNull().hasMessageContaining("missing");
    }

    @Test
    void withoutATokenWritesAreOpenAndTheGaugeSaysSo() throws Exception {
        GroundTruthApp app = start(Map.of());
        assertThat(post(app, "/feedback", null, FEEDBACK).statusCode()).isEqualTo(202);
        assertThat(metric(app, "auth_enabled{")).isEqualTo(0.0);
    }

    /** Sends headers promising 100 bytes and only 10 of them, then waits: a body that stops halfway. */
    private static Socket stalledUpload(GroundTruthApp app) throws IOException {
        Socket s = new Socket("127.0.0.1", app.httpPort());
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\n\r\n{\"predicti").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aStalledUploadGetsA408AndRequestsBeyondTheCapA503WhileHealthStillAnswers() throws Exception {
        GroundTruthApp app = start(Map.of("auth.token", TOKEN, "limits.in.flight.max", 2,
                "limits.request.timeout.ms", 1500));
        try (Socket a = stalledUpload(app); Socket b = stalledUpload(app)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(app, "http_requests_in_flight{") == 2.0);
            HttpResponse<String> third = post(app, "/feedback", "Bearer " + TOKEN, FEEDBACK);
            assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(Json.MAPPER.readTree(third.body()).get("error").asText()).isEqualTo("unavailable");
            assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);

            // the stalled clients are answered 408 and disconnected once the deadline passes
            String answer = readAll(a);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
            assertThat(readAll(b)).startsWith("HTTP/1.1 408");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(app, "http_requests_in_flight{") == 0.0);
        assertThat(post(app, "/feedback", "Bearer " + TOKEN, FEEDBACK).statusCode()).isEqualTo(202);
        assertThat(metric(app, "http_requests_refused_total{application=\"ground-truth\",reason=\"slow_upload\"}"))
                .isEqualTo(2.0);
        assertThat(metric(app, "http_requests_refused_total{application=\"ground-truth\",reason=\"in_flight_limit\"}"))
                .isEqualTo(1.0);
    }
}
