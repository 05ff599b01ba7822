package dev.facet.service.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one JSON reply writer and the one Content-Type rule, on real servers: one without compression (every
 * service but serving) and one that compresses (serving).
 */
class JsonRepliesTest {

    static final JsonReplies COMPRESSING = JsonReplies.compressingFrom(1024);
    static final String LARGE = "x".repeat(4000);

    static Vertx vertx;
    static WebClient client;
    static int plainPort;
    static int compressingPort;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        plainPort = vertx.createHttpServer().requestHandler(router(JsonReplies.PLAIN)).listen(0)
                .await(10, TimeUnit.SECONDS).actualPort();
        compressingPort = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(router(COMPRESSING)).listen(0).await(10, TimeUnit.SECONDS).actualPort();
        client = WebClient.create(vertx);
    }

    private static Router router(JsonReplies replies) {
        Router router = Router.router(vertx);
        router.get("/small").handler(ctx -> replies.send(ctx, 202, Map.of("a", 1)));
        router.get("/large").handler(ctx -> replies.send(ctx, 200, Map.of("a", LARGE)));
        router.get("/pregzipped").handler(ctx -> replies.send(ctx, 200,
                replies.body(JsonReplies.encode(Map.of("a", LARGE)), JsonReplies.acceptsGzip(ctx))));
        router.get("/answered").handler(ctx -> {
            ctx.response().setStatusCode(503).end();
            replies.send(ctx, 200, Map.of("late", true)); // dropped: the client has its answer
        });
        router.post("/json").handler(JsonBodies.requireJsonContentType()).handler(BodyHandler.create(false))
                .handler(ctx -> ctx.response().end(ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? "none" : "some"));
        router.route().failureHandler(HttpErrors.failureHandler(1024, body -> { }));
        return router;
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aPlainServerWritesStatusTypeAndBytesAndNoEncoding() throws Exception {
        HttpResponse<Buffer> r = get(plainPort, "/small", true);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("Content-Encoding")).isNull();
        assertThat(r.bodyAsJsonObject().getInteger("a")).isEqualTo(1);
        assertThat(get(plainPort, "/large", true).getHeader("Content-Encoding")).isNull();
        assertThat(get(plainPort, "/pregzipped", true).getHeader("Content-Encoding")).isNull();
    }

    @Test
    void aCompressingServerLeavesSmallRepliesAloneAndGzipsLargeOnes() throws Exception {
        HttpResponse<Buffer> small = get(compressingPort, "/small", true);
        assertThat(small.getHeader("Content-Encoding")).isNull();
        assertThat(small.bodyAsJsonObject().getInteger("a")).isEqualTo(1);
        assertThat(get(compressingPort, "/large", true).getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(get(compressingPort, "/large", false).getHeader("Content-Encoding")).isNull();
        HttpResponse<Buffer> pre = get(compressingPort, "/pregzipped", true);
        assertThat(pre.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(pre.body().length()).isLessThan(LARGE.length() / 10);
        assertThat(get(compressingPort, "/pregzipped", false).bodyAsJsonObject().getString("a")).isEqualTo(LARGE);
    }

    @Test
    void aReplyToAnAnsweredRequestIsDropped() throws Exception {
        assertThat(get(plainPort, "/answered", false).statusCode()).isEqualTo(503);
        assertThat(get(compressingPort, "/answered", false).statusCode()).isEqualTo(503);
    }

    @Test
    void aBodyMustBeDeclaredJsonAndNoBodyNeedNotDeclareAnything() throws Exception {
        assertThat(post("application/json", "{}").bodyAsString()).isEqualTo("some");
        assertThat(post("application/json; charset=utf-8", "{}").bodyAsString()).isEqualTo("some");
        assertThat(post(null, null).bodyAsString()).isEqualTo("none");
        for (String type : new String[] {"text/plain", null}) {
            HttpResponse<Buffer> r = post(type, "{}");
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_media_type");
            assertThat(r.bodyAsJsonObject().getString("message")).endsWith(type == null ? "got none" : "got " + type);
        }
    }

    private static HttpResponse<Buffer> get(int port, String path, boolean gzip) throws Exception {
        var request = client.get(port, "127.0.0.1", path);
        if (gzip) {
            request.putHeader("Accept-Encoding", "gzip");
        }
        return request.send().await(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String type, String body) throws Exception {
        var request = client.post(plainPort, "127.0.0.1", "/json");
        if (type != null) {
            request.putHeader("Content-Type", type);
        }
        return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(10, TimeUnit.SECONDS);
    }
}
