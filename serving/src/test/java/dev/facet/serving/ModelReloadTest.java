package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /admin/reload}: authenticated, atomic under load, refusing bad bundles while the old model serves. */
class ModelReloadTest {

    private static final String TOKEN = "reload-test-token";
    private static final int PARTITIONS = 3;
    private static KafkaBroker broker;
    private static String topic;
    private static Path root;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = SharedTestBroker.get();
        topic = "predictions-reload-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        root = SmallModel.rootWith("1");
        app = TestApps.start(new JsonObject().put("model.dir", root.toString()).put("admin.token", TOKEN)
                .put("kafka.bootstrap.servers", broker.bootstrapServers()).put("kafka.topic.predictions", topic));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()),
                new PoolOptions().setHttp1MaxSize(16));
        SmallModel.writeVersion(root, "2");
        // a corrupt bundle: version 1's files with the model's bytes changed, so its checksum no longer matches
        SmallModel.writeVersion(root, "bad");
        Files.write(root.resolve("bad").resolve(dev.facet.contracts.bundle.BundleFiles.MODEL), new byte[]{1, 2, 3}, StandardOpenOption.APPEND);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void reloadingTwiceUnderLoadFailsNoRequestAndEveryEventCarriesItsResponsesVersion() throws Exception {
        // the load runs until 300 requests after the second reload have been sent, so both swaps happen under
        // load however fast the machine is
        AtomicInteger limit = new AtomicInteger(Integer.MAX_VALUE);
        List<LabelledDiamond> rows = SmallModel.heldOutRows(200);
        Map<String, String> versionById = new ConcurrentHashMap<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger servedBy2 = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean backTo1 = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger servedBy1AfterBack = new AtomicInteger();
        Promise<Void> finished = Promise.promise();
        // 16 request streams; each sends its next request when the previous one is answered
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int i = sent.getAndIncrement();
            if (i >= limit.get()) {
                return;
            }
            String path = i % 10 == 0 ? "/explain" : "/predict";
            client.post(path).sendJsonObject(TestApps.json(rows.get(i % rows.size()).diamond())).onComplete(ar -> {
                if (ar.succeeded()) {
                    HttpResponse<Buffer> r = ar.result();
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() == 200) {
                        JsonObject b = r.bodyAsJsonObject();
                        versionById.put(b.getString("prediction_id"), b.getString("model_version"));
                        if (b.getString("model_version").equals("2")) {
                            servedBy2.incrementAndGet();
                        } else if (backTo1.get()) {
                            servedBy1AfterBack.incrementAndGet();
                        }
                    }
                } else {
                    statuses.merge(-1, 1, Integer::sum);
                }
                if (done.incrementAndGet() == limit.get()) {
                    finished.complete();
                }
                next[0].run();
            });
        };
        IntStream.range(0, 16).forEach(i -> next[0].run());
        // first reload once 300 requests are answered, the second once 300 answers came from version 2: both
        // swaps happen while requests are in flight, and both versions are certainly seen
        await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 300);
        HttpResponse<Buffer> to2 = reload("{\"version\": \"2\"}");
        assertThat(to2.statusCode()).as(to2.bodyAsString()).isEqualTo(200);
        OpenApi.validate(to2.bodyAsString(), "ReloadResponse");
        assertThat(to2.bodyAsJsonObject().getString("model_version")).isEqualTo("2");
        assertThat(to2.bodyAsJsonObject().getJsonObject("previous").getString("model_version")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(60)).until(() -> servedBy2.get() >= 300);
        HttpResponse<Buffer> to1 = reload("{\"version\": \"1\"}");
        assertThat(to1.statusCode()).as(to1.bodyAsString()).isEqualTo(200);
        backTo1.set(true);
        limit.set(sent.get() + 300);
        finished.future().await(120, TimeUnit.SECONDS);
        int total = limit.get();
        assertThat(servedBy1AfterBack.get()).as("answers from version 1 after the second reload").isPositive();

        assertThat(statuses).as("status -> count (-1: no response)").containsOnlyKeys(200).containsEntry(200, total);
        assertThat(Set.copyOf(versionById.values())).containsExactlyInAnyOrder("1", "2");
        JsonObject info = client.get("/model-info").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
        assertThat(info.getString("model_version")).isEqualTo("1");
        String scrape = TestApps.scrape(client);
        assertThat(Scrape.of(scrape, "model_info", Map.of("model_version", "1"))).isEqualTo(1);
        assertThat(Scrape.value(scrape, "model_info", Map.of("model_version", "2"))).isEmpty();
        assertThat(Scrape.of(scrape, "model_reloads_total", Map.of("outcome", "success"))).isGreaterThanOrEqualTo(2);

        // every prediction's event carries the version its response named
        Map<String, PredictionEvent> events = readUntil(versionById.keySet());
        versionById.forEach((id, version) -> assertThat(events.get(id).modelVersion()).as(id).isEqualTo(version));
    }

    @Test
    void aCorruptBundleIsRefusedAndTheCurrentModelKeepsServing() throws Exception {
        String before = client.get("/model-info").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject().getString("model_version");
        HttpResponse<Buffer> r = reload("{\"version\": \"bad\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("conflict");
        assertThat(r.bodyAsJsonObject().getString("message")).contains("refused", "corrupt");
        assertThat(client.get("/model-info").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject().getString("model_version"))
                .isEqualTo(before);
        HttpResponse<Buffer> p = client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS);
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.bodyAsJsonObject().getString("model_version")).isEqualTo(before);
    }

    @Test
    void unknownAndMalformedVersionsAreRefused() throws Exception {
        assertThat(reload("{\"version\": \"7\"}").statusCode()).isEqualTo(404);
        HttpResponse<Buffer> traversal = reload("{\"version\": \"../1\"}");
        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(traversal.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("version");
        assertThat(reload("{\"version\": 2}").statusCode()).isEqualTo(400);
        assertThat(reload("{\"versoin\": \"2\"}").statusCode()).isEqualTo(400);
        assertThat(reload("[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void reloadWithoutOrWithAWrongTokenIsA401() throws Exception {
        HttpResponse<Buffer> none = client.post("/admin/reload").send().await(30, TimeUnit.SECONDS);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
        HttpResponse<Buffer> wrong = client.post("/admin/reload").putHeader("Authorization", "Bearer " + TOKEN + "x")
                .send().await(30, TimeUnit.SECONDS);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void withoutATokenTheAdminRoutesDoNotExist() throws Exception {
        ServingApp open = TestApps.startWithoutKafka();
        try {
            WebClient c = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(open.httpPort()));
            HttpResponse<Buffer> r = c.post("/admin/reload").putHeader("Authorization", "Bearer ")
                    .send().await(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
        } finally {
            TestApps.stop(open);
        }
    }

    private static HttpResponse<Buffer> reload(String body) throws Exception {
        return client.post("/admin/reload").putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await(60, TimeUnit.SECONDS);
    }

    private static Map<String, PredictionEvent> readUntil(Set<String> ids) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, PredictionEvent> seen = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = IntStream.range(0, PARTITIONS).mapToObj(i -> new TopicPartition(topic, i)).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var rec : consumer.poll(Duration.ofMillis(200))) {
                    seen.put(rec.key(), EventCodec.decodePrediction(rec.value()));
                }
                return seen.keySet().containsAll(ids);
            });
        }
        return seen;
    }
}
