package dev.facet.service.http;

import dev.facet.contracts.error.ErrorBody;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real HTTP server with the shared failure handler: every failure leaves as the one JSON error shape. */
@ExtendWith(VertxExtension.class)
class HttpErrorsTest {

    static Vertx vertx;
    static WebClient client;
    static int port;
    static final List<ErrorBody> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(100));
        router.post("/echo").handler(ctx -> ctx.json(JsonBodies.parse(ctx)));
        router.post("/admin").handler(BearerAuth.of("t0ken", null).orElseThrow()).handler(ctx -> ctx.end("ok"));
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("secret internal detail");
        });
        router.route().last().handler(HttpErrors::notFound);
        router.route().failureHandler(HttpErrors.failureHandler(100, seen::add));
        port = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void validJsonPassesThrough() throws Exception {
        HttpResponse<Buffer> r = post("/echo", "application/json", "{\"a\":1}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getInteger("a")).isEqualTo(1);
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        assertError(post("/echo", "application/json", "{\"a\":"), 400, "malformed_json");
        assertError(post("/echo", "application/json", "{\"a\": NaN}"), 400, "malformed_json");
        assertError(post("/echo", "application/json", ""), 400, "malformed_json");
    }

    @Test
    void aWrongContentTypeIsA415() throws Exception {
        assertError(post("/echo", "text/plain", "{\"a\":1}"), 415, "unsupported_media_type");
    }

    @Test
    void anOversizedBodyIsA413() throws Exception {
        assertError(post("/echo", "application/json", "{\"a\":\"" + "x".repeat(500) + "\"}"), 413, "payload_too_large");
    }

    @Test
    void anUnknownRouteIsAJson404() throws Exception {
        assertError(client.get(port, "127.0.0.1", "/nowhere").send().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS), 404, "not_found");
    }

    @Test
    void aBugIsA500WithAnIncidentIdAndNoStackTrace() throws Exception {
        HttpResponse<Buffer> r = client.get(port, "127.0.0.1", "/boom").send().toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertError(r, 500, "internal");
        assertThat(r.bodyAsString()).contains("incident").doesNotContain("secret internal detail")
                .doesNotContain("IllegalStateException").doesNotContain("at dev.");
        assertThat(seen).extracting(ErrorBody::error).contains("internal");
    }

    @Test
    void adminRoutesNeedTheBearerToken() throws Exception {
        HttpResponse<Buffer> none = client.post(port, "127.0.0.1", "/admin").send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertError(none, 401, "unauthorized");
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        HttpResponse<Buffer> wrong = client.post(port, "127.0.0.1", "/admin").putHeader("Authorization", "Bearer t0keN")
                .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertError(wrong, 401, "unauthorized");
        HttpResponse<Buffer> right = client.post(port, "127.0.0.1", "/admin").putHeader("Authorization", "Bearer t0ken")
                .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyTokenDisablesAuthAndAFileWins(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        assertThat(BearerAuth.of("", null)).isEmpty();
        java.nio.file.Path file = tmp.resolve("token");
        java.nio.file.Files.writeString(file, "from-file\n");
        assertThat(BearerAuth.of("from-env", file.toString())).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BearerAuth.of("x", tmp.resolve("missing").toString()))
                .hasMessageContaining("cannot read token file");
    }

    /** RFC 9112 section 3.2: a server must answer 400 to an HTTP/1.1 request without Host; vertx-web fails it with 400. */
    @Test
    void anHttp11RequestWithoutHostIsAJson400() throws Exception {
        String answer = raw("GET /nowhere HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        JsonObject body = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(body.getString("error")).isEqualTo("bad_request");
        assertThat(body.getString("message")).contains("Host");
        assertThat(seen).extracting(ErrorBody::error).contains("bad_request");
    }

    /** Sends {@code request} on a socket of its own and reads the answer until the server closes it. */
    static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<Buffer> post(String path, String type, String body) throws Exception {
        return client.post(port, "127.0.0.1", path).putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String error) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("message")).isNotBlank();
    }
}
