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

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000+ generated hostile requests (seeded) over every serving route: random JSON, 100k-deep nesting, huge
 * numbers, NaN/Infinity as strings, odd unicode, multi-megabyte bodies, wrong content types, odd paths and
 * methods; plus raw-socket bodies that stop halfway. No 5xx, the service stays UP, nothing stays in flight,
 * and the heap after a GC stays under {@link #HEAP_GROWTH_BOUND} above where it started.
 */
class HostileInputTest {

    private static final long SEED = 20261123L;
    private static final int REQUESTS = 10_000;
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
                .put("limits.batch.in.flight.max", 32));
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

        assertThat(fiveHundreds).as("5xx answers").isEmpty();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum() + transportErrors.get()).isEqualTo(REQUESTS);
        assertThat(transportErrors.get()).as("requests without an answer").isLessThan(REQUESTS / 100);
        assertThat(statuses.keySet()).as("statuses seen").allMatch(s -> s < 500);
        io.vertx.ext.web.client.HttpResponse<Buffer> health = client.get("/health").send().await(30, TimeUnit.SECONDS);
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.of(client.get("/metrics").send()
                .await(30, TimeUnit.SECONDS).bodyAsString(), "serving_requests_in_flight", Map.of()) == 0);
        long heapAfter = heapAfterGc();
        System.out.printf("hostile input: statuses %s, %d without an answer, heap after GC %d MiB -> %d MiB%n",
                new java.util.TreeMap<>(statuses), transportErrors.get(), heapBefore >> 20, heapAfter >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_BOUND);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
