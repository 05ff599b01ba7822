package dev.facet.serving;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000+ generated hostile requests (seeded) over every serving route: random JSON, 100k-deep nesting, huge
 * numbers, NaN/Infinity as strings, odd unicode, multi-megabyte bodies, wrong content types, odd paths and
 * methods, V2 bodies with odd tensors and V2 requests with nodes removed, nulled or retyped; plus raw-socket
 * bodies that stop halfway, and raw connections no client library would open (no Host, the HTTP/2 preface,
 * silence, half a head, lying Content-Lengths, bad chunks, oversized heads). No 5xx, no connection left open,
 * every error in the JSON shape, the service stays UP, nothing stays in flight, and the heap after a GC stays
 * under {@link #HEAP_GROWTH_BOUND} above where it started.
 */
class HostileInputTest {

    private static final long SEED = 20261123L;
    private static final int REQUESTS = 10_000;
    private static final int RAW_CONNECTIONS = 300;
    /** A raw connection still open after this is a hang: far above the 6 s idle timeout set here. */
    private static final int READ_TIMEOUT_MS = 30_000;
    /** Heap growth allowed after a GC: the app keeps no per-request state, so anything near this is a leak. */
    private static final long HEAP_GROWTH_BOUND = 64L << 20;
    private static final String TOKEN = "hostile-test-token";
    private static final String[] POSTS = {"/predict", "/predict/batch", "/explain", "/admin/reload",
            "/v2/models/diamond-price-rf/infer", "/v2/models/diamond-price-rf/versions/1/infer"};
    private static final String[] GETS = {"/", "/assets/app.js", "/health", "/health/live", "/health/ready",
            "/model-info", "/metrics", "/openapi.yaml", "/api/status", "/v2", "/v2/health/live", "/v2/health/ready",
            "/v2/models/diamond-price-rf", "/v2/models/diamond-price-rf/ready", "/v2/models/diamond-price-rf/versions/1",
            "/v2/models/%F0%9F%92%8E", "/v2/models/%00/ready", "/assets/..%2f..%2fetc%2fpasswd", "/%zz", "/a/../../b"};
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        // peers at a closed port: /api/status must still answer 200 (reported unreachable), quickly
        app = TestApps.start(new JsonObject().put("kafka.enabled", false).put("admin.token", TOKEN)
                .put("links.drift.url", "http://127.0.0.1:9").put("links.quality.url", "http://127.0.0.1:9")
                .put("links.timeout.ms", 200)
                // up to 16 requests in flight here, many of them batch or V2 bodies: this test is about what bad
                // input gets, not capacity, so the large-body cap (8 by default; BatchLimitsTest) is set above that
                .put("limits.batch.in.flight.max", 32)
                // short, so the raw connections that send nothing or half a head are closed within seconds
                .put("limits.request.timeout.ms", 5000).put("http.idle.timeout.ms", 6000));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort())
                .setMaxHeaderSize(64 * 1024), new PoolOptions().setHttp1MaxSize(16));
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void tenThousandHostileRequestsGetNo5xxAndLeaveTheServiceUpWithBoundedMemory() throws Exception {
        long heapBefore = heapAfterGc();
        Random random = new Random(SEED);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> fiveHundreds = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger transportErrors = new AtomicInteger();
        Semaphore window = new Semaphore(32);
        CountDownLatch all = new CountDownLatch(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            HostileRequests.Case c = HostileRequests.next(random, POSTS, GETS);
            window.acquire();
            HttpRequest<Buffer> req = client.request(c.method(), c.path());
            if (c.contentType() != null) {
                req.putHeader("Content-Type", c.contentType());
            }
            if (c.path().startsWith("/admin") && random.nextInt(20) == 0) { // authorised now and then: a valid {} reloads
                req.putHeader("Authorization", "Bearer " + TOKEN);
            }
            Future<io.vertx.ext.web.client.HttpResponse<Buffer>> f = c.method() == HttpMethod.GET
                    ? req.send() : req.sendBuffer(c.body());
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    int s = ar.result().statusCode();
                    statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                    if (s >= 500) {
                        fiveHundreds.add(c.describe() + " -> " + s + " " + ar.result().bodyAsString());
                    }
                } else {
                    transportErrors.incrementAndGet(); // e.g. the server closed after a 413 mid-upload
                }
                window.release();
                all.countDown();
            });
        }
        assertThat(all.await(120, TimeUnit.SECONDS)).isTrue();

        // bodies that stop halfway: announce more than is sent, then hang up
        Random r = new Random(SEED + 1);
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", app.httpPort())) {
                OutputStream out = s.getOutputStream();
                String path = POSTS[r.nextInt(POSTS.length)];
                byte[] part = HostileRequests.randomJson(r, 3).getBytes(StandardCharsets.UTF_8);
                out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + (part.length + 1 + r.nextInt(1 << 20)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.flush();
            }
        }

        // the half-sent bodies hold admission slots (the large-body cap among them) until the server sees each
        // connection close or times the request out: wait for every slot to come back, which also shows none leaks,
        // so that the raw connections below meet an idle service and not a 503 for a full cap
        awaitNothingInFlight();

        Map<Integer, AtomicInteger> rawStatuses = new ConcurrentHashMap<>();
        List<String> rawProblems = rawConnections(rawStatuses);

        assertThat(fiveHundreds).as("5xx answers").isEmpty();
        assertThat(rawProblems).as("raw connections answered with a 5xx or a non-JSON error, or left open").isEmpty();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum() + transportErrors.get()).isEqualTo(REQUESTS);
        assertThat(transportErrors.get()).as("requests without an answer").isLessThan(REQUESTS / 100);
        assertThat(statuses.keySet()).as("statuses seen").allMatch(s -> s < 500);
        io.vertx.ext.web.client.HttpResponse<Buffer> health = client.get("/health").send().await(30, TimeUnit.SECONDS);
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        awaitNothingInFlight();
        long heapAfter = heapAfterGc();
        System.out.printf("hostile input: statuses %s, %d without an answer; %d raw connections, answers %s; "
                        + "heap after GC %d MiB -> %d MiB%n", new java.util.TreeMap<>(statuses), transportErrors.get(),
                RAW_CONNECTIONS, new java.util.TreeMap<>(rawStatuses), heapBefore >> 20, heapAfter >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_BOUND);
    }

    private static void awaitNothingInFlight() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.of(client.get("/metrics").send()
                .await(30, TimeUnit.SECONDS).bodyAsString(), "serving_requests_in_flight", Map.of()) == 0);
    }

    /**
     * {@link #RAW_CONNECTIONS} raw-socket cases ({@link HostileRequests#raw}), 64 at a time: each connection must be
     * closed by the server (after its answers, or by the idle timeout) within {@code READ_TIMEOUT_MS}; every answer
     * is a 2xx or a 4xx with the JSON error shape, or Vert.x's 501 to the HTTP/2 preface. Returns what went wrong.
     */
    private static List<String> rawConnections(Map<Integer, AtomicInteger> statuses) throws Exception {
        Random r = new Random(SEED + 2);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < RAW_CONNECTIONS; i++) {
                HostileRequests.RawCase c = HostileRequests.raw(r, POSTS, GETS);
                done.add(CompletableFuture.runAsync(() -> rawConnection(c, statuses, problems), pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        return problems;
    }

    private static void rawConnection(HostileRequests.RawCase c, Map<Integer, AtomicInteger> statuses, List<String> problems) {
        RawHttp.Exchange x;
        try {
            x = RawHttp.exchange(app.httpPort(), c.bytes(), READ_TIMEOUT_MS);
        } catch (IOException e) {
            problems.add(c.kind() + ": " + e);
            return;
        }
        if (!x.closed()) {
            problems.add(c.kind() + ": still open after " + READ_TIMEOUT_MS + " ms");
        }
        for (RawHttp.Response resp : x.responses()) {
            statuses.computeIfAbsent(resp.status(), k -> new AtomicInteger()).incrementAndGet();
            boolean ok = resp.status() < 300 || c.http2Preface() && resp.status() == 501
                    || resp.status() < 500 && isJsonError(resp);
            if (!ok) {
                problems.add(c.kind() + ": " + resp.status() + " " + resp.contentType() + " " + resp.body());
            }
        }
    }

    private static boolean isJsonError(RawHttp.Response r) {
        if (r.contentType() == null || !r.contentType().startsWith("application/json")) {
            return false;
        }
        try {
            return new JsonObject(r.body()).getValue("error") instanceof String;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
