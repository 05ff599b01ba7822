package dev.facet.serving.v2;

import dev.facet.contracts.error.ErrorBody;
import dev.facet.contracts.schema.FieldError;
import dev.facet.service.http.ClientErrorException;
import dev.facet.service.http.HttpErrors;
import dev.facet.service.http.JsonReplies;
import dev.facet.serving.http.ServingErrors;
import dev.facet.serving.prediction.InvalidInputException;
import dev.facet.serving.prediction.ModelFailureException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V2's rendering of every classification of the shared failure handler, on a real server: the status the native
 * routes would answer, and the protocol's body, {@code {"error": "..."}} and nothing else, never a stack trace.
 */
class V2ErrorsTest {

    static Vertx vertx;
    static WebClient client;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        V2Endpoints v2 = new V2Endpoints(null, JsonReplies.PLAIN, 10);
        Router router = Router.router(vertx);
        router.post("/invalid").handler(ctx -> {
            throw new InvalidInputException(List.of(new FieldError("carat", "must be > 0"),
                    new FieldError("cut", "input tensor is required")));
        });
        router.post("/model").handler(ctx -> {
            throw new ModelFailureException("inc-1");
        });
        router.post("/missing").handler(ctx -> {
            throw new ClientErrorException(ErrorBody.Kind.NOT_FOUND, "model 'x' is not served here");
        });
        router.post("/malformed").handler(ctx -> {
            throw new DecodeException("Unexpected character ('x')\nat [Source: ...]");
        });
        router.post("/large").handler(BodyHandler.create(false).setBodyLimit(10)).handler(ctx -> ctx.end());
        router.post("/bug").handler(ctx -> {
            throw new IllegalStateException("secret internal detail");
        });
        router.route().failureHandler(HttpErrors.failureHandler(10, new ServingErrors(), v2::writeError, a -> { }));
        port = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS).actualPort();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void invalidInputIsA400NamingEveryField() throws Exception {
        assertThat(error(post("/invalid"), 400)).isEqualTo("invalid input: carat must be > 0; cut input tensor is required");
    }

    @Test
    void aModelFailureIsA500WithItsIncident() throws Exception {
        assertThat(error(post("/model"), 500)).isEqualTo("the model failed to predict; incident inc-1 is in the server log");
    }

    @Test
    void aClientErrorKeepsItsStatusAndMessage() throws Exception {
        assertThat(error(post("/missing"), 404)).isEqualTo("model 'x' is not served here");
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        assertThat(error(post("/malformed"), 400)).isEqualTo("request body is not valid JSON: Unexpected character ('x')");
    }

    @Test
    void aBodyOverTheLimitIsA413() throws Exception {
        assertThat(error(post("/large"), 413)).isEqualTo("request body exceeds the limit of 10 bytes");
    }

    @Test
    void aBugIsA500WithAnIncidentAndNoDetail() throws Exception {
        assertThat(error(post("/bug"), 500)).startsWith("internal error; incident ").doesNotContain("secret");
    }

    private static HttpResponse<Buffer> post(String path) throws Exception {
        return client.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"a\":\"" + "x".repeat(20) + "\"}")).await(10, TimeUnit.SECONDS);
    }

    /** The protocol's error string, after checking the status and that the body holds nothing else. */
    private static String error(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.fieldNames()).containsExactly("error");
        return body.getString("error");
    }
}
