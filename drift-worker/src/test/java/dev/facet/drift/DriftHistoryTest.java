package dev.facet.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.json.Json;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The history on the real broker: every evaluated window is on the evaluations topic, as /drift showed it. */
class DriftHistoryTest {

    private static final int EVENTS = 1000;
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
    void everyEvaluatedWindowIsPublishedAsTheDriftReportShowsIt() throws Exception {
        String topic = "predictions-" + UUID.randomUUID();
        String evaluations = "evaluations-" + UUID.randomUUID();
        broker.createTopic(topic, 6);
        broker.createTopic(evaluations, 1);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", TestTraffic.get().bundleRoot().toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic)
                .put("kafka.topic.evaluations", evaluations)
                .put("kafka.group.id", "drift-worker-" + UUID.randomUUID())
                .put("dlq.enabled", false)
                .put("window.time.evaluate.seconds", 1);
        app = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Random random = new Random(21);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), EventCodec.encode(
                        TestTraffic.get().event(TestTraffic.get().draw(random), random, Instant.now()))));
            }
        }
        // settled: both count windows judged, and the time window's last verdict covers every event (it is not
        // judged again while nothing changes)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(app.state().latest(MODEL, "time")).isNotNull();
            assertThat(app.state().latest(MODEL, "time").size()).isEqualTo(EVENTS);
            assertThat(app.state().latest(MODEL, "count").firstEventTime()).isNotNull();
        });
        JsonNode drift = Json.MAPPER.readTree(get("/drift?model=" + MODEL).body());

        List<ConsumerRecord<String, byte[]>> published = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(evaluations, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(published::add);
                List<EvaluationEvent> events = decode(published);
                assertThat(events.stream().filter(e -> e.window().equals("count"))).hasSize(2);
                assertThat(events.stream().filter(e -> e.window().equals("time")).reduce((a, b) -> b).orElseThrow()
                        .evaluatedAt().toString()).isEqualTo(drift.at("/windows/time/latest/evaluated_at").asText());
            });
        }
        assertThat(published).allSatisfy(r -> assertThat(r.key()).isEqualTo(MODEL));
        List<EvaluationEvent> events = decode(published);
        for (String window : List.of("count", "time")) {
            EvaluationEvent last = events.stream().filter(e -> e.window().equals(window)).reduce((a, b) -> b).orElseThrow();
            JsonNode shown = drift.at("/windows/" + window + "/latest");
            assertThat(last.kind()).isEqualTo(EvaluationEvent.DRIFT);
            assertThat(last.modelName()).isEqualTo(MODEL);
            assertThat(last.modelVersion()).isEqualTo(shown.get("model_version").asText());
            assertThat(shown.get("verdict").asBoolean()).isTrue();
            assertThat(last.verdict()).isEqualTo(shown.get("dataset_drift").asBoolean()
                    ? EvaluationEvent.VERDICT_DRIFT : EvaluationEvent.VERDICT_NO_DRIFT);
            assertThat((JsonNode) Json.MAPPER.valueToTree(last.result())).as(window).isEqualTo(shown);
            assertThat(last.bounds().firstEventTime().toString()).isEqualTo(shown.at("/bounds/first_event_time").asText());
            assertThat(last.bounds().lastEventTime().toString()).isEqualTo(shown.at("/bounds/last_event_time").asText());
            long offsets = last.bounds().offsets().values().stream().mapToLong(r -> r.last() - r.first() + 1).sum();
            assertThat(offsets).as("every event of the window is within its offset ranges")
                    .isEqualTo(shown.get("size").asLong());
        }
        assertThat(counter("kafka_publish_events_total{application=\"drift-worker\",outcome=\"sent\",topic=\""
                + evaluations + "\"}")).isEqualTo(published.size());
    }

    private static List<EvaluationEvent> decode(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<EvaluationEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.add(EvaluationCodec.decode(r.value()));
        }
        return out;
    }

    private double counter(String series) {
        return app.registry().scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
