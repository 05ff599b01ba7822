package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM for real: {@code ServingMain} in its own JVM, a burst of 70-row batch requests (over 8 KiB: the worker path, so many are in
 * flight at once), {@code Process.destroy()} (SIGTERM on Linux) while they run. Every request that got an answer
 * got a 200, some of them after the signal (in-flight requests finish), and every prediction of every 200 is on
 * the topic (the producer's buffer was flushed before the JVM exited).
 */
class GracefulShutdownTest {

    private static final int PARTITIONS = 3;
    private static final int REQUESTS = 120;
    private static final int ROWS = 70;
    private Process process;
    private Vertx vertx;

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermLetsInFlightRequestsFinishAndFlushesEveryEvent() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        String topic = "predictions-sigterm-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "sigterm-serving.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.facet.serving.ServingMain")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SERVING_HTTP_HOST", "127.0.0.1");
        env.put("SERVING_HTTP_PORT", Integer.toString(port));
        env.put("SERVING_MODEL_DIR", SmallModel.root().toString());
        env.put("SERVING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SERVING_KAFKA_TOPIC_PREDICTIONS", topic);
        process = pb.start();

        vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(64));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.get("/health/ready").send().await(5, TimeUnit.SECONDS).statusCode() == 200);

        List<LabelledDiamond> rows = SmallModel.heldOutRows(ROWS);
        JsonArray batch = new JsonArray(rows.stream().map(r -> (Object) TestApps.json(r.diamond())).toList());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicBoolean signalled = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger answeredAfterSignal = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            client.post("/predict/batch").sendJson(batch).onComplete(ar -> {
                if (ar.succeeded()) {
                    boolean after = signalled.get();
                    statuses.merge(ar.result().statusCode(), 1, Integer::sum);
                    if (ar.result().statusCode() == 200) {
                        JsonObject body = ar.result().bodyAsJsonObject();
                        body.getJsonArray("predictions").forEach(p -> ids.add(((JsonObject) p).getString("prediction_id")));
                    }
                    if (after) {
                        answeredAfterSignal.incrementAndGet();
                    }
                    if (answered.incrementAndGet() == 10) {
                        signalled.set(true);
                        process.destroy(); // SIGTERM: the shutdown hook runs ServingApp.stop()
                    }
                } else {
                    unanswered.incrementAndGet(); // refused or closed before the server took the request
                }
                all.countDown();
            });
        }
        assertThat(all.await(120, TimeUnit.SECONDS)).as("every request completed or failed").isTrue();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exited after SIGTERM").isTrue();
        String output = Files.readString(log);

        assertThat(signalled).isTrue();
        assertThat(statuses).as("status -> count; %d without an answer; log:%n%s", unanswered.get(), tail(output))
                .containsOnlyKeys(200);
        assertThat(answeredAfterSignal.get()).as("requests answered after SIGTERM (they were in flight)").isPositive();
        assertThat(ids).hasSize(answered.get() * ROWS);
        assertThat(readAll(broker, topic)).as("prediction ids on the topic").containsAll(ids);
        assertThat(output).doesNotContain("events still unacknowledged");
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private static Set<String> readAll(KafkaBroker broker, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = IntStream.range(0, PARTITIONS).mapToObj(i -> new TopicPartition(topic, i)).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            parts.forEach(tp -> end.put(tp, consumer.position(tp)));
            consumer.seekToBeginning(parts);
            // everything the (now exited) producer wrote is already there: read up to the end offsets
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.key()));
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return seen;
    }
}
