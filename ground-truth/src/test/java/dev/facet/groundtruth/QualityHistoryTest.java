package dev.facet.groundtruth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonArray;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The quality history on the real broker: one event per count window of new pairs, as /quality showed it. */
class QualityHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int WINDOW = 100;
    private final KafkaBroker broker = SharedTestBroker.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GroundTruthApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachCountWindowOfNewPairsIsPublishedAsTheQualityReportShowsIt() throws Exception {
        Path root = Files.createTempDirectory("gt-history-");
        Path diamonds = root.resolve(SmallModel.NAME);
        Files.createDirectories(diamonds);
        SmallModel.writeVersion(diamonds, SmallModel.VERSION);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String predictions = "predictions-" + suffix;
        String evaluations = "evaluations-" + suffix;
        broker.createTopic(predictions, 6);
        broker.createTopic("ground-truth-" + suffix, 6);
        broker.createTopic(evaluations, 1);
        JsonObject c = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of())
                .put("http.port", 0).put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", predictions).put("kafka.topic.ground-truth", "ground-truth-" + suffix)
                .put("kafka.topic.evaluations", evaluations)
                .put("kafka.group.id", "gt-" + suffix).put("quality.window.count", WINDOW);
        app = GroundTruthApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        List<LabelledDiamond> rows = SmallModel.heldOutRows(2 * WINDOW);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (LabelledDiamond row : rows) {
                String id = UUID.randomUUID().toString();
                PredictionEvent e = PredictionEvent.of(id, Instant.now(), SmallModel.NAME, SmallModel.VERSION,
                        row.diamond(), SmallModel.forest().predict(row.diamond()));
                producer.send(new ProducerRecord<>(predictions, id, EventCodec.encode(e)));
                ids.add(id);
            }
        }
        String one = "/quality?model=" + SmallModel.NAME;
        await().atMost(WAIT).until(() -> json(one).at("/feedback/predictions_seen").asLong() == 2 * WINDOW);
        // two windows' worth of actuals, the second sent once the first is in the windows: an event each
        for (int phase = 1; phase <= 2; phase++) {
            JsonArray batch = new JsonArray();
            for (int i = (phase - 1) * WINDOW; i < phase * WINDOW; i++) {
                batch.add(new JsonObject().put("prediction_id", ids.get(i)).put("actual", rows.get(i).price()));
            }
            assertThat(post("/feedback/batch", batch.encode()).statusCode()).isEqualTo(202);
            long joined = (long) phase * WINDOW;
            await().atMost(WAIT).until(() -> json(one).at("/feedback/pairs_since_rebuild").asLong() == joined);
        }
        JsonNode shown = json(one);

        List<EvaluationEvent> events = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(evaluations, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                    events.add(EvaluationCodec.decode(r.value()));
                }
                return events.size() >= 2;
            });
            assertThat(consumer.poll(Duration.ofSeconds(1))).as("one event per window of new pairs").isEmpty();
        }
        assertThat(events).hasSize(2);
        assertThat(keys).containsOnly(SmallModel.NAME);
        assertThat(events.get(0).result()).extracting(r -> ((Map<?, ?>) r.get("feedback")).get("pairs_since_rebuild"))
                .isEqualTo(WINDOW);
        EvaluationEvent last = events.get(1);
        assertThat(last.kind()).isEqualTo(EvaluationEvent.QUALITY);
        assertThat(last.window()).isEqualTo("count");
        assertThat(last.modelName()).isEqualTo(SmallModel.NAME);
        assertThat(last.modelVersion()).isEqualTo(SmallModel.VERSION);
        assertThat(last.verdict()).isEqualTo(shown.at("/concept_drift/detected").asBoolean()
                ? EvaluationEvent.VERDICT_DRIFT : EvaluationEvent.VERDICT_NO_DRIFT);
        // the model's figures exactly as /quality shows them: windows, baseline, ratios, concept-drift status
        ObjectNode figures = ((ObjectNode) shown).deepCopy();
        figures.remove(List.of("at", "join", "counters"));
        assertThat((JsonNode) Json.MAPPER.valueToTree(last.result())).isEqualTo(figures);
        assertThat(figures.at("/windows/count/pairs").asLong()).isEqualTo(WINDOW);
        assertThat(figures.at("/windows/count/mae_ratio").isNumber()).isTrue();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
