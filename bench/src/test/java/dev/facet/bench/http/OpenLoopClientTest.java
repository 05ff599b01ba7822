package dev.facet.bench.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator against a real Vert.x server whose answers the bodies choose. */
class OpenLoopClientTest {

    private static Vertx vertx;
    private static int port;
    private static final AtomicBoolean stallNext = new AtomicBoolean();

    @BeforeAll
    static void server() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String text = body.toString(StandardCharsets.UTF_8);
            if (text.contains("close")) {
                req.connection().close();
            } else if (text.contains("bad")) {
                req.response().setStatusCode(422).end("{\"error\":\"bad\"}");
            } else if (stallNext.compareAndSet(true, false)) {
                vertx.setTimer(500, t -> req.response().end("{\"ok\":true}"));
            } else {
                req.response().end("{\"ok\":true,\"echo\":" + body.length() + "}");
            }
        }));
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static OpenLoopClient client(int connections, String... bodies) {
        return new OpenLoopClient(URI.create("http://127.0.0.1:" + port + "/predict"),
                List.of(bodies).stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList(),
                connections, Duration.ofSeconds(20));
    }

    @Test
    void sendsEveryScheduledRequestAndCountsAnswersByStatus() throws Exception {
        OpenLoopClient.Result r = client(8, "{\"a\":1}", "{\"b\":2}", "{\"bad\":3}").run(2000, Duration.ofMillis(900));
        assertThat(r.sent()).isEqualTo(1800);
        assertThat(r.non2xx()).isEqualTo(600); // every third body
        assertThat(r.ok()).isEqualTo(1200);
        assertThat(r.errors()).isZero();
        assertThat(r.latencyNanos().getTotalCount()).isEqualTo(1800);
        assertThat(r.achievedRate()).isPositive();
    }

    @Test
    void aConnectionClosedByTheServerIsAnErrorAndIsReopened() throws Exception {
        OpenLoopClient.Result r = client(2, "{\"a\":1}", "{\"close\":1}", "{\"a\":2}", "{\"a\":3}").run(400, Duration.ofMillis(500));
        assertThat(r.sent()).isEqualTo(200);
        assertThat(r.errors()).isEqualTo(50);
        assertThat(r.ok()).isEqualTo(150);
    }

    @Test
    void aStallIsChargedToEveryRequestDueDuringIt() throws Exception {
        // One connection, one request a millisecond; the first answer takes 500 ms. Request i is due at i ms and
        // cannot be answered before 500 ms, so at least requests 0..400 wait 100 ms or more from their due time.
        // A closed-loop client, measuring from its own send, would report one slow request.
        stallNext.set(true);
        OpenLoopClient.Result r = client(1, "{\"a\":1}").run(1000, Duration.ofSeconds(1));
        assertThat(r.ok()).isEqualTo(1000);
        long slow = r.latencyNanos().getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(100), r.latencyNanos().getHighestTrackableValue());
        assertThat(slow).isGreaterThanOrEqualTo(400);
        assertThat(r.maxMs()).isGreaterThanOrEqualTo(499);
    }

    @Test
    void readsTheHeadOfAnAnswer() throws Exception {
        byte[] head = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nContent-Length:  42\r\n\r\n{"
                .getBytes(StandardCharsets.US_ASCII);
        int end = OpenLoopClient.headerEnd(head, head.length);
        assertThat(end).isEqualTo(head.length - 1);
        assertThat(OpenLoopClient.contentLength(head, end)).isEqualTo(42);
        assertThat(OpenLoopClient.statusCode(head)).isEqualTo(201);
        assertThat(OpenLoopClient.headerEnd(head, end - 1)).isEqualTo(-1);
        byte[] chunked = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-content-length: 3\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(OpenLoopClient.contentLength(chunked, chunked.length)).isEqualTo(-1);
    }
}
