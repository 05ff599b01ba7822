package dev.facet.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.json.Json;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated hostile requests against every endpoint of ground-truth and drift-worker: at least 10,000 to each
 * endpoint that reads a body (POST /feedback, POST /feedback/batch) and 10,000 spread over the drift-worker's
 * read-only routes, plus hostile paths, methods, content types and credentials, multi-megabyte bodies, and bodies
 * that stop halfway on a raw socket. Nothing may answer 5xx, the services must stay up, and the heap must not
 * keep what the requests brought.
 */
class HostileHttpTest {

    private static final long SEED = 9_009L;
    private static KafkaBroker broker;
    private static GroundTruthApp groundTruth;
    private static DriftWorkerApp drift;

    @BeforeAll
    static void start() throws Exception {
        broker = SharedTestBroker.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        broker.createTopic("predictions-hostile-http-" + suffix, 6);
        broker.createTopic("ground-truth-hostile-http-" + suffix, 6);
        groundTruth = Services.groundTruth(broker.bootstrapServers(), "predictions-hostile-http-" + suffix,
                "ground-truth-hostile-http-" + suffix, "gt-hostile-" + suffix, Map.of("limits.request.timeout.ms", 2000));
        drift = Services.driftWorker(broker.bootstrapServers(), "predictions-hostile-http-" + suffix, "dw-hostile-" + suffix);
    }

    @AfterAll
    static void stop() throws Exception {
        groundTruth.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        drift.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** What came back: statuses by class, the 5xx answers (described), and transport errors by request kind. */
    private static final class Tally {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger[] byClass = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(),
                new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        final List<String> transportErrors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String toString() {
            return sent + " requests: 2xx " + byClass[2] + ", 4xx " + byClass[4] + ", 5xx " + byClass[5]
                    + ", connection closed by the server " + transportErrors.size();
        }
    }

    private static final String[] TYPES = {"application/json", "application/json", "application/json",
            "application/json; charset=utf-8", "application/json; charset=utf-16", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "application/jsonx", ""};
    private static final String[] METHODS = {"POST", "POST", "POST", "POST", "POST", "POST", "PUT", "GET", "DELETE",
            "PATCH", "OPTIONS", "HEAD"};

    private static void fire(Http http, HostileInputs gen, String path, int count, int bodyLimit, Tally tally,
                             boolean write) throws Exception {
        Semaphore window = new Semaphore(8);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] kind = new String[1];
            byte[] body = gen.next(kind);
            String method = write ? METHODS[gen.nextInt(METHODS.length)] : (gen.nextInt(4) == 0 ? "POST" : "GET");
            HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).timeout(Duration.ofSeconds(60))
                    .method(method, method.equals("GET") || method.equals("HEAD") && gen.nextInt(2) == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = TYPES[gen.nextInt(TYPES.length)];
            if (!type.isEmpty()) {
                b.header("Content-Type", type);
            }
            switch (gen.nextInt(5)) {
                case 0, 1 -> b.header("Authorization", "Bearer " + Services.TOKEN);
                case 2 -> b.header("Authorization", "Bearer " + Services.TOKEN + "x");
                case 3 -> b.header("Authorization", "Basic " + "A".repeat(gen.nextInt(3000)));
                default -> { }
            }
            String description = method + " " + path + " " + kind[0] + " (" + body.length + " B, " + type + ")";
            window.acquire();
            tally.sent.incrementAndGet();
            pending.add(http.client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        window.release();
                        if (e != null) {
                            tally.transportErrors.add(description + ": " + e);
                        } else {
                            tally.byClass[Math.min(5, r.statusCode() / 100)].incrementAndGet();
                            if (r.statusCode() >= 500) {
                                tally.serverErrors.add(description + " -> " + r.statusCode() + " " + r.body());
                            }
                        }
                    }));
            if (pending.size() > 1000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(x -> null).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(x -> null).join();
        // a transport error is acceptable only where the server cut off a body over the route's limit
        assertThat(tally.transportErrors).allSatisfy(t -> assertThat(
                Long.parseLong(t.substring(t.indexOf('(') + 1, t.indexOf(" B,")))).as(t).isGreaterThan(bodyLimit));
    }

    /** Bodies that stop halfway: the client sends part of what it announced, then closes the connection. */
    private static void halfBodies(int port, String path, HostileInputs gen, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                byte[] body = gen.next(new String[1]);
                out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + Services.TOKEN + "\r\nContent-Length: " + (body.length + 1 + gen.nextInt(10_000))
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
            }
        }
    }

    /** Bodies that stop halfway and then stall: ground-truth must answer 408 within its deadline and hang up. */
    private static List<String> stalledBodies(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + Services.TOKEN + "\r\nContent-Length: 500\r\n\r\n{\"prediction_id\":")
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            for (Socket s : sockets) {
                InputStream in = s.getInputStream();
                answers.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return answers;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * What never becomes a request gets an answer or a close, never a hang, in both services as in serving (they
     * share service-kit's HttpServers): a head the decoder refuses gets the JSON 400 and a close; the HTTP/2
     * prior-knowledge preface (cleartext HTTP/2 is off) gets a 501 and a close; a connection that sends nothing is
     * closed after the idle timeout (30 s by default, so the idle sockets are opened first and read last).
     */
    @Test
    void bothServicesAnswerOrCloseWhatNeverBecomesARequest() throws Exception {
        int[] ports = {groundTruth.httpPort(), drift.httpPort()};
        List<Socket> idle = new ArrayList<>();
        try {
            for (int port : ports) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(60_000);
                idle.add(s);
            }
            for (int port : ports) {
                String bad = exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\n\r\n");
                assertThat(bad).as("a head with a broken header line, port " + port).startsWith("HTTP/1.1 400");
                JsonNode body = Json.MAPPER.readTree(bad.substring(bad.indexOf("\r\n\r\n") + 4));
                assertThat(body.path("error").asText()).as(bad).isEqualTo("bad_request");
                String preface = exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
                // Vert.x answers in the version it was asked in ("HTTP/2.0 501"), then closes
                assertThat(preface.lines().findFirst().orElse("")).as("the HTTP/2 preface, port " + port)
                        .matches("HTTP/\\S+ 501 .*");
            }
            for (Socket s : idle) {
                // read() returns -1 when the server closes; a SocketTimeoutException here is the hang
                assertThat(s.getInputStream().read()).as("an idle connection is closed by the server").isEqualTo(-1);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** Sends {@code request} on a new connection and reads until the server closes it (10 s at most). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * RFC 9112 section 3.2: an HTTP/1.1 request without Host is a 400. vertx-web refuses it before any handler;
     * service-kit's failure handler keeps that 400 (it was a 500) and writes the JSON shape, in every service.
     */
    @Test
    void bothServicesAnswerARequestWithoutHostWithAJson400() throws Exception {
        for (int port : new int[]{groundTruth.httpPort(), drift.httpPort()}) {
            for (String head : List.of("GET /health", "GET /nowhere", "POST /feedback", "GET /drift")) {
                String answer;
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write((head + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(answer).as(head + " on " + port).startsWith("HTTP/1.1 400");
                JsonNode body = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(body.get("error").asText()).as(answer).isEqualTo("bad_request");
                assertThat(body.get("message").asText()).as(answer).contains("'Host' header is required");
            }
        }
    }

    @Test
    void groundTruthAnswersEveryHostileRequestWithA4xxAndStaysUp() throws Exception {
        Http http = new Http(groundTruth.httpPort());
        HostileInputs gen = new HostileInputs(SEED, 4 << 20);
        long heapBefore = heapAfterGc();
        Tally tally = new Tally();
        fire(http, gen, "/feedback", 10_000, 16_384, tally, true);
        fire(http, gen, "/feedback/batch", 10_000, 262_144, tally, true);
        for (String path : List.of("/quality", "/quality?window=%00", "/health", "/health/live", "/health/ready",
                "/metrics", "/feedback/", "/feedback/batch/x", "/%2e%2e/quality", "/" + "a".repeat(5000),
                "/feedback;x=1", "/qu%C0%AFality")) {
            fire(http, gen, path, path.equals("/metrics") ? 100 : 500, 0, tally, false);
        }
        halfBodies(groundTruth.httpPort(), "/feedback", gen, 300);
        halfBodies(groundTruth.httpPort(), "/feedback/batch", gen, 300);
        // a client that hangs up mid-body gives its in-flight slot back (the server notices the close a little later)
        await().atMost(Duration.ofSeconds(30)).until(() -> http.metricOrZero("http_requests_in_flight") == 0);
        List<String> stalled = stalledBodies(groundTruth.httpPort(), 20);
        long heapAfter = heapAfterGc();

        System.out.printf("ground-truth hostile HTTP: %s; 600 half bodies, 20 stalled (%s); heap after GC %d MB -> %d MB%n",
                tally, stalled.get(0), heapBefore >> 20, heapAfter >> 20);
        assertThat(tally.serverErrors).isEmpty();
        assertThat(tally.sent.get()).isGreaterThanOrEqualTo(20_000);
        assertThat(stalled).allSatisfy(line -> assertThat(line).startsWith("HTTP/1.1 408"));
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(128L << 20);
        // still up, and still taking good feedback
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        JsonNode health = Json.MAPPER.readTree(http.get("/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        HttpResponse<String> good = http.postJson("/feedback", "{\"prediction_id\":\"" + UUID.randomUUID()
                + "\",\"actual_price\":1234.5}", "Bearer " + Services.TOKEN);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        assertThat(http.metricOrZero("http_requests_in_flight")).isZero();
    }

    @Test
    void driftWorkerAnswersEveryHostileRequestWithoutA5xxAndStaysUp() throws Exception {
        Http http = new Http(drift.httpPort());
        HostileInputs gen = new HostileInputs(SEED + 1, 4 << 20);
        long heapBefore = heapAfterGc();
        Tally tally = new Tally();
        fire(http, gen, "/drift", 5_000, 0, tally, true);
        for (String path : List.of("/health", "/health/live", "/health/ready", "/drift?x=%00", "/drift/",
                "/%2e%2e/drift", "/" + "b".repeat(5000), "/metrics/../drift")) {
            fire(http, gen, path, 600, 0, tally, true);
        }
        fire(http, gen, "/metrics", 200, 0, tally, false);
        halfBodies(drift.httpPort(), "/drift", gen, 300);
        long heapAfter = heapAfterGc();

        System.out.printf("drift-worker hostile HTTP: %s; 300 half bodies; heap after GC %d MB -> %d MB%n",
                tally, heapBefore >> 20, heapAfter >> 20);
        assertThat(tally.serverErrors).isEmpty();
        assertThat(tally.sent.get()).isGreaterThanOrEqualTo(10_000);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(128L << 20);
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(http.get("/drift").statusCode()).isEqualTo(200);
    }
}
