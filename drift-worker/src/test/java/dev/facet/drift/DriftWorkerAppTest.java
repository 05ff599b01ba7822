package dev.facet.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.json.Json;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole worker against the real broker: a clean stream with a few bad records in the middle. */
class DriftWorkerAppTest {

    private static final int GOOD = 1000;
    private static final String MODEL = SmallModel.NAME;
    private final KafkaBroker broker = SharedTestBroker.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DriftWorkerApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCleanStreamIsJudgedDriftFreeAndBadRecordsAreCountedSkippedAndCommitted() throws Exception {
        String topic = "predictions-" + UUID.randomUUID();
        String group = "drift-worker-" + UUID.randomUUID();
        broker.createTopic(topic, 6);
        broker.createTopic(topic + ".dlq", 1);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", TestTraffic.get().bundleRoot().toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic)
                .put("kafka.group.id", group)
                .put("kafka.commit.interval.ms", 200)
                .put("kafka.lag.interval.ms", 500)
                .put("dlq.topic", topic + ".dlq")
                .put("window.time.evaluate.seconds", 1);
        app = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Random random = new Random(21);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < GOOD; i++) {
                if (i == GOOD / 2) { // bad records in the middle: later good records must still be processed
                    send(producer, topic, "not json at all".getBytes(StandardCharsets.UTF_8));
                    send(producer, topic, "{\"schema_version\": 99, \"prediction_id\": \"x\"}".getBytes(StandardCharsets.UTF_8));
                    String negative = new String(EventCodec.encode(
                            TestTraffic.get().event(TestTraffic.get().draw(random), random, Instant.now())),
                            StandardCharsets.UTF_8).replaceFirst("\"carat\":[0-9.]+", "\"carat\":-1");
                    send(producer, topic, negative.getBytes(StandardCharsets.UTF_8));
                }
                send(producer, topic, EventCodec.encode(
                        TestTraffic.get().event(TestTraffic.get().draw(random), random, Instant.now())));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(counter("drift_events_processed_total")).isEqualTo(GOOD);
            assertThat(counter("drift_evaluations_total{application=\"drift-worker\",model=\"diamond-price-rf\",window=\"count\"}")).isEqualTo(2);
            assertThat(app.state().latest(MODEL, "time")).isNotNull();
            assertThat(app.state().latest(MODEL, "time").size()).isEqualTo(GOOD);
        });
        assertThat(counter("drift_events_malformed_total{application=\"drift-worker\",reason=\"malformed_json\"}")).isEqualTo(1);
        assertThat(counter("drift_events_malformed_total{application=\"drift-worker\",reason=\"unknown_schema_version\"}")).isEqualTo(1);
        assertThat(counter("drift_events_malformed_total{application=\"drift-worker\",reason=\"invalid_field\"}")).isEqualTo(1);

        JsonNode drift = Json.MAPPER.readTree(get("/drift?model=" + MODEL).body());
        JsonNode count = drift.at("/windows/count/latest");
        assertThat(count.get("verdict").asBoolean()).isTrue();
        assertThat(count.get("size").asInt()).isEqualTo(500);
        assertThat(count.get("dataset_drift").asBoolean()).as("clean traffic: %s", count).isFalse();
        assertThat(count.get("features")).hasSize(10);
        assertThat(count.at("/features/carat/test").asText()).isEqualTo("ks");
        assertThat(count.at("/features/cut/test").asText()).isEqualTo("chi_square");
        assertThat(count.at("/features/prediction/reference/sample_size").asInt()).isEqualTo(5000);
        assertThat(count.at("/bounds/offsets").size()).isBetween(1, 6);
        JsonNode time = drift.at("/windows/time/latest");
        assertThat(time.get("size").asInt()).isEqualTo(GOOD);
        assertThat(time.get("dataset_drift").asBoolean()).isFalse();

        String metrics = get("/metrics").body();
        // kept for `promtool check metrics < target/drift-metrics.txt` (see README)
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "drift-metrics.txt"), metrics);
        assertThat(metrics).contains("drift_detected{application=\"drift-worker\",feature=\"carat\",model=\"diamond-price-rf\",window=\"count\"} 0.0");
        assertThat(metrics).contains("drift_dataset_detected{application=\"drift-worker\",model=\"diamond-price-rf\",window=\"count\"} 0.0");
        assertThat(metrics).containsPattern("drift_ks_statistic\\{application=\"drift-worker\",feature=\"prediction\",model=\"diamond-price-rf\",window=\"time\"} 0\\.\\d+");
        assertThat(metrics).contains("kafka_publish_events_total{application=\"drift-worker\",outcome=\"sent\",topic=\"" + topic + ".dlq\"} 3.0");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(app.state().lagRecords()).isZero();
            assertThat(app.state().assignedPartitions()).isEqualTo(6);
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(get("/health").body()).at("/components/kafka_consumer/status").asText())
                    .isEqualTo("UP");
        });

        app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        app = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(total).as("every record, the bad ones included, is committed").isEqualTo(GOOD + 3);
        }
    }

    private double counter(String series) {
        String text = app.registry().scrape();
        return text.lines().filter(l -> l.startsWith(series.contains("{") ? series + " " : series + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
    }
}
