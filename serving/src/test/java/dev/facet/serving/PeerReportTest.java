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

import java.net.ServerSocket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /models/{name}/report}: the drift-worker's report page passed through (body, type, attachment header),
 * only for a model served here, and a drift-worker that does not answer is a 503 in the one error shape. The
 * stand-in peer records what it was asked and answers as the drift-worker's {@code /report} does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerReportTest {

    private final Queue<String> asked = new ConcurrentLinkedQueue<>();
    private Vertx vertx;
    private HttpServer peer;
    private ServingApp app;
    private ServingApp orphan;
    private WebClient client;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        peer = vertx.createHttpServer().requestHandler(req -> {
            asked.add(req.uri());
            var response = req.response().putHeader("Content-Type", "text/html; charset=utf-8");
            if ("1".equals(req.getParam("download"))) {
                response.putHeader("Content-Disposition", "attachment; filename=\"facet-report.html\"");
            }
            response.end("<!doctype html><p>report of " + req.getParam("model") + "</p>");
        }).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
        String peerUrl = "http://127.0.0.1:" + peer.actualPort();
        app = TestApps.start(new JsonObject().put("kafka.enabled", false)
                .put("links.drift.url", peerUrl).put("links.quality.url", peerUrl));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        orphan = TestApps.start(new JsonObject().put("kafka.enabled", false)
                .put("links.drift.url", "http://127.0.0.1:" + closed).put("links.quality.url", peerUrl));
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    void stop() throws Exception {
        TestApps.stop(app);
        TestApps.stop(orphan);
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void forget() {
        asked.clear();
    }

    @Test
    void theDriftWorkersPageIsPassedThroughForAServedModel() throws Exception {
        String name = servedName();
        HttpResponse<Buffer> r = client.get("/models/" + name + "/report").send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/html");
        assertThat(r.getHeader("Content-Disposition")).isNull();
        assertThat(r.bodyAsString()).contains("report of " + name);
        assertThat(asked).containsExactly("/report?model=" + name);

        asked.clear();
        HttpResponse<Buffer> d = client.get("/models/" + name + "/report?download=1&x=y").send()
                .await(30, TimeUnit.SECONDS);
        assertThat(d.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(asked).as("only download is passed on").containsExactly("/report?model=" + name + "&download=1");
    }

    @Test
    void aModelNotServedHereIs404AndNoPeerIsAsked() throws Exception {
        HttpResponse<Buffer> r = client.get("/models/nosuch/report").send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("nosuch").contains(servedName());
        assertThat(asked).isEmpty();
    }

    @Test
    void aDriftWorkerThatDoesNotAnswerIsA503InTheErrorShape() throws Exception {
        WebClient other = TestApps.client(vertx, orphan);
        HttpResponse<Buffer> r = other.get("/models/" + servedName() + "/report").send().await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject error = r.bodyAsJsonObject();
        assertThat(error.getString("error")).isEqualTo("unavailable");
        assertThat(error.getString("message")).contains("drift-worker");
    }

    private String servedName() throws Exception {
        return client.get("/models").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject()
                .getJsonArray("models").getJsonObject(0).getString("name");
    }
}
