package dev.facet.serving;

import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a connection gets when it does not send a well-formed HTTP/1.1 request: no Host, another protocol's
 * preface, nothing at all, half a head, framing that Netty's decoder refuses. Every answer the server gives is
 * a 4xx (or Vert.x's 501 for an unknown HTTP version) with the JSON error shape, and every such connection ends:
 * closed after the answer, or by the idle timeout (1 s here) when there is nothing to answer.
 */
class RawConnectionsTest {

    /** How long a read waits for the server: far above the 1 s idle timeout, so a timeout here means a hang. */
    private static final int READ_TIMEOUT_MS = 30_000;
    private static ServingApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApps.start(new JsonObject().put("kafka.enabled", false)
                .put("http.idle.timeout.ms", 1000).put("limits.request.timeout.ms", 500));
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /health", "GET /nowhere", "POST /predict", "GET /v2/health/live",
            "POST /v2/models/" + SmallModel.NAME + "/infer"})
    void anHttp11RequestWithoutHostIsAJson400(String methodAndPath) throws Exception {
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), methodAndPath + " HTTP/1.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", READ_TIMEOUT_MS);
        assertThat(x.responses()).as(x.raw()).hasSize(1);
        assertThat(x.responses().get(0).status()).as(x.raw()).isEqualTo(400);
        assertJsonError(x.responses().get(0));
        // the native shape says it in "message", the V2 one in "error"
        assertThat(x.responses().get(0).body()).contains("'Host' header is required");
    }

    @Test
    void theHttp2PriorKnowledgePrefaceGetsA501AndAClose() throws Exception {
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", READ_TIMEOUT_MS);
        assertThat(x.closed()).as("closed").isTrue();
        assertThat(x.responses()).as(x.raw()).isNotEmpty();
        assertThat(x.responses().get(0).status()).isEqualTo(501);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedByTheIdleTimeout() throws Exception {
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), "", READ_TIMEOUT_MS);
        assertThat(x.closed()).as("closed").isTrue();
        assertThat(x.raw()).isEmpty();
    }

    @Test
    void aConnectionThatStopsInTheMiddleOfARequestHeadIsClosedByTheIdleTimeout() throws Exception {
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), "GET /health HTTP/1.1\r\nHo", READ_TIMEOUT_MS);
        assertThat(x.closed()).as("closed").isTrue();
        assertThat(x.raw()).isEmpty();
    }

    @Test
    void aKeepAliveConnectionServesItsRequestsThenClosesWhenIdle() throws Exception {
        String get = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), get + get + get, READ_TIMEOUT_MS);
        assertThat(x.responses()).extracting(RawHttp.Response::status).containsExactly(200, 200, 200);
        assertThat(x.closed()).as("closed").isTrue();
    }

    static Stream<Arguments> framingErrors() {
        String post = "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        String row = TestApps.valid().encode();
        return Stream.of(
                Arguments.of("Content-Length not a number", post + "Content-Length: abc\r\n\r\n" + row, 400),
                Arguments.of("two different Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
                Arguments.of("Content-Length shorter than the body", post + "Content-Length: 5\r\n\r\n" + row, 400),
                Arguments.of("Content-Length longer than the body", post + "Content-Length: 500\r\n\r\n" + row, 408),
                Arguments.of("request line over the limit", "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                Arguments.of("headers over the limit", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(9000) + "\r\n\r\n", 431),
                Arguments.of("a header line without a colon", "GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400),
                Arguments.of("garbage request line", "\u0001\u0002 nonsense\r\n\r\n", 400),
                Arguments.of("bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 0),
                Arguments.of("chunked and Content-Length", post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400));
    }

    /**
     * {@code first} is the status of the first answer; 0 where Vert.x closes the connection without one (a malformed
     * chunk fails the connection after the head was read). Every answer is a 4xx with the JSON shape; the
     * connection always ends.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("framingErrors")
    void aFramingErrorIsAnsweredWithJsonOrClosed(String name, String request, int first) throws Exception {
        RawHttp.Exchange x = RawHttp.exchange(app.httpPort(), request, READ_TIMEOUT_MS);
        assertThat(x.closed()).as("closed: " + x.raw()).isTrue();
        if (first == 0) {
            assertThat(x.raw()).isEmpty();
            return;
        }
        assertThat(x.responses()).as(x.raw()).isNotEmpty();
        assertThat(x.responses().get(0).status()).as(x.raw()).isEqualTo(first);
        for (RawHttp.Response r : x.responses()) {
            assertThat(r.status()).as(x.raw()).isBetween(400, 499);
            assertJsonError(r);
        }
    }

    private static void assertJsonError(RawHttp.Response r) {
        assertThat(r.contentType()).as(r.body()).startsWith("application/json");
        assertThat(new JsonObject(r.body()).getValue("error")).as(r.body()).isInstanceOf(String.class);
    }
}
