package dev.facet.serving;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/status} against stand-in drift-worker and ground-truth endpoints that record what they were asked:
 * the home page's {@code ?model=NAME} reaches both peers, nothing else of the query does, and a bad name is refused
 * before any peer is asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerStatusTest {

    /** Each peer request's path and query, as the peer received it. */
    private final Queue<String> asked = new ConcurrentLinkedQueue<>();
    private Vertx vertx;
    private HttpServer peers;
    private ServingApp app;
    private WebClient client;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        peers = vertx.createHttpServer().requestHandler(req -> {
            asked.add(req.uri());
            req.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("path", req.path()).put("model", req.getParam("model")).encode());
        }).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
        String peerUrl = "http://127.0.0.1:" + peers.actualPort();
        app = TestApps.start(new JsonObject().put("kafka.enabled", false)
                .put("links.drift.url", peerUrl).put("links.quality.url", peerUrl));
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    void stop() throws Exception {
        TestApps.stop(app);
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void forget() {
        asked.clear();
    }

    @Test
    void theModelParameterReachesBothPeersAndNothingElseOfTheQueryDoes() throws Exception {
        JsonObject status = ok("/api/status?model=penguins&window=time&x=%2Fetc");
        assertThat(asked).containsExactlyInAnyOrder("/drift?model=penguins", "/quality?model=penguins");
        assertThat(status.getJsonObject("drift").getJsonObject("report").getString("model")).isEqualTo("penguins");
        assertThat(status.getJsonObject("quality").getJsonObject("report").getString("model")).isEqualTo("penguins");
        assertThat(status.getJsonObject("drift").getString("url")).endsWith("/drift?model=penguins");

        asked.clear();
        ok("/api/status?model=diamond-price-rf.v_2");
        assertThat(asked).containsExactlyInAnyOrder("/drift?model=diamond-price-rf.v_2",
                "/quality?model=diamond-price-rf.v_2");

        asked.clear();
        JsonObject plain = ok("/api/status");
        assertThat(asked).as("without a model the peers answer for their default, as before")
                .containsExactlyInAnyOrder("/drift", "/quality");
        assertThat(plain.getJsonObject("quality").getJsonObject("report").getString("model")).isNull();
    }

    @Test
    void aModelThatIsNotANameIsRefusedNamingModelAndNoPeerIsAsked() throws Exception {
        for (String query : List.of("model=..%2Fdrift", "model=", "model=-lead", "model=a%20b", "model=a%26x%3D1",
                "model=" + "m".repeat(65), "model=penguins&model=diamond-price-rf")) {
            HttpResponse<Buffer> r = client.get("/api/status?" + query).send().await(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(query + ": " + r.bodyAsString()).isEqualTo(400);
            JsonObject error = r.bodyAsJsonObject();
            assertThat(error.getString("error")).as(query).isEqualTo("validation");
            assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).as(query).isEqualTo("model");
        }
        assertThat(asked).as("no peer is asked for a refused request").isEmpty();
        ok("/api/status?model=" + "m".repeat(64));
    }

    private JsonObject ok(String uri) throws Exception {
        HttpResponse<Buffer> r = client.get(uri).send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(uri + ": " + r.bodyAsString()).isEqualTo(200);
        JsonObject status = r.bodyAsJsonObject();
        assertThat(status.getJsonObject("drift").getBoolean("reachable")).as(uri).isTrue();
        assertThat(status.getJsonObject("quality").getBoolean("reachable")).as(uri).isTrue();
        return status;
    }
}
