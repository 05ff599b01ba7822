package dev.facet.serving;

import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bursts of large batches against a live broker, producing events faster than it acknowledges them: the batches
 * wait for it on their workers (the backlog's high-water mark is 1 MiB; a 2,000-row batch makes about 0.7 MB of
 * events, two of them within the client's 10 ms linger pass it) and every event reaches the topic, none dropped.
 * The buffer bound is the concurrent batches' overshoot past the mark (8 x 0.7 MB) plus the mark: what waiting
 * needs, against the 17 MB of the burst. The publisher's own test shows a burst without waiting does drop.
 */
class BatchBackpressureTest {

    private static final int PARTITIONS = 3;
    private static final int BUFFER_BYTES = 8 << 20;
    private static final int ROWS = 2000;
    private static KafkaBroker broker;
    private static String topic;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = SharedTestBroker.get();
        topic = "predictions-backpressure-" + UUID.randomUUID();
        broker.createTopic(topic, PARTITIONS);
        app = TestApps.start(new JsonObject().put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic).put("kafka.buffer.max.bytes", BUFFER_BYTES)
                .put("limits.batch.max.rows", ROWS));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    @Test
    void burstsOfBatchesWaitForALiveBrokerAndLoseNoEvent() throws Exception {
        // the broker is known to be alive once it has acknowledged an event
        assertThat(client.post("/predict").sendJsonObject(TestApps.valid()).await(30, TimeUnit.SECONDS).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> sent() == 1);

        List<LabelledDiamond> rows = SmallModel.heldOutRows(ROWS);
        Buffer batch = Buffer.buffer(Json.encode(new JsonArray(rows.stream()
                .map(r -> (Object) TestApps.json(r.diamond())).toList())));
        int rounds = 3;
        int concurrent = 8; // limits.batch.in.flight.max: each round fills it
        for (int round = 0; round < rounds; round++) {
            List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                replies.add(client.post("/predict/batch").putHeader("Content-Type", "application/json").sendBuffer(batch));
            }
            for (Future<HttpResponse<Buffer>> f : replies) {
                assertThat(f.await(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
        long expected = 1 + (long) rounds * concurrent * rows.size();

        String metrics = TestApps.scrape(client);
        assertThat(Scrape.of(metrics, "kafka_publish_events_total", Map.of("outcome", "dropped"))).isZero();
        assertThat(Scrape.of(metrics, "kafka_publish_wait_seconds_total", Map.of("topic", topic)))
                .as("the batches did wait").isPositive();
        await().atMost(Duration.ofSeconds(60)).until(() -> sent() == expected);
        assertThat(eventsOnTopic()).isEqualTo(expected);
    }

    private static double sent() throws Exception {
        return Scrape.of(TestApps.scrape(client), "kafka_publish_events_total", Map.of("outcome", "sent"));
    }

    private static long eventsOnTopic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = IntStream.range(0, PARTITIONS).mapToObj(i -> new TopicPartition(topic, i)).toList();
            return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
