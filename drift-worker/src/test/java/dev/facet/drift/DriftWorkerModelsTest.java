package dev.facet.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Task;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two models in one repository root, judged side by side by one worker on the real broker: clean diamonds
 * traffic and drifted penguins traffic (Gentoo only, where training saw three species) interleaved on one topic
 * flag the penguins and only them, in {@code /drift} and in the metrics. An event of a model without a bundle is
 * counted under its own reason, kept in the DLQ, and the other models keep going.
 */
class DriftWorkerModelsTest {

    private static final int EACH = 1000;
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
    void driftedPenguinsTrafficFlagsThePenguinsOnly() throws Exception {
        Path root = Files.createTempDirectory("facet-models-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        String topic = "predictions-" + UUID.randomUUID();
        broker.createTopic(topic, 6);
        broker.createTopic(topic + ".dlq", 1);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic)
                .put("kafka.group.id", "drift-worker-" + UUID.randomUUID())
                .put("dlq.topic", topic + ".dlq")
                .put("window.time.evaluate.seconds", 1);
        app = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        TestTraffic diamonds = TestTraffic.get();
        PenguinTraffic penguins = PenguinTraffic.get();
        List<Integer> gentoo = penguins.rows("Gentoo"::equals);
        Random random = new Random(8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < EACH; i++) {
                send(producer, topic, EventCodec.encode(diamonds.event(diamonds.draw(random), random, Instant.now())));
                send(producer, topic, EventCodec.encode(
                        penguins.event(gentoo.get(random.nextInt(gentoo.size())), random, Instant.now())));
                if (i == EACH / 2) {
                    var ghost = diamonds.event(diamonds.draw(random), random, Instant.now());
                    send(producer, topic, EventCodec.encode(new PredictionEvent(1,
                            ghost.predictionId(), ghost.timestamp(), "ghost", "1", ghost.features(), ghost.price())));
                }
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String m = app.registry().scrape();
            assertThat(sum(m, "drift_events_processed_total", "model=\"" + SmallModel.NAME + "\"")).isEqualTo(EACH);
            assertThat(sum(m, "drift_events_processed_total", "model=\"" + SmallPenguins.NAME + "\"")).isEqualTo(EACH);
            assertThat(sum(m, "drift_evaluations_total", "model=\"" + SmallPenguins.NAME + "\",window=\"count\""))
                    .isEqualTo(2);
            assertThat(sum(m, "drift_evaluations_total", "model=\"" + SmallModel.NAME + "\",window=\"count\""))
                    .isEqualTo(2);
        });
        String metrics = app.registry().scrape();
        // kept for `promtool check metrics < target/drift-metrics-two-models.txt` (see README)
        Files.writeString(Path.of("target", "drift-metrics-two-models.txt"), metrics);
        assertThat(sum(metrics, "drift_events_skipped_total", "reason=\"unknown_model\"")).isEqualTo(1);
        assertThat(sum(metrics, "kafka_publish_events_total", "outcome=\"sent\"")).as("the ghost's event in the DLQ")
                .isEqualTo(1);
        assertThat(metrics).contains("drift_dataset_detected{application=\"drift-worker\",model=\"penguins\",window=\"count\"} 1.0");
        assertThat(metrics).contains("drift_dataset_detected{application=\"drift-worker\",model=\"diamond-price-rf\",window=\"count\"} 0.0");
        assertThat(metrics).containsPattern("drift_chi_square_statistic\\{application=\"drift-worker\",feature=\"prediction\",model=\"penguins\",window=\"count\"} \\d");
        assertThat(metrics).containsPattern("drift_psi\\{application=\"drift-worker\",feature=\"island\",model=\"penguins\",window=\"count\"} \\d");
        assertThat(metrics).containsPattern("drift_missing_share\\{application=\"drift-worker\",feature=\"sex\",model=\"penguins\",window=\"count\"} 0\\.\\d+");

        JsonNode all = Json.MAPPER.readTree(get("/drift").body());
        assertThat(all.path("models").fieldNames()).toIterable().containsExactly(SmallModel.NAME, SmallPenguins.NAME);
        JsonNode p = Json.MAPPER.readTree(get("/drift?model=penguins").body());
        assertThat(p.at("/model/name").asText()).isEqualTo("penguins");
        assertThat(p.at("/windows/count/latest/dataset_drift").asBoolean()).isTrue();
        assertThat(p.at("/windows/count/latest/features/island/drifted").asBoolean()).isTrue();
        assertThat(p.at("/windows/count/latest/features/prediction/test").asText()).isEqualTo("chi_square");
        assertThat(p.at("/windows/count/latest/features/island/psi/band").asText()).isEqualTo("major");
        assertThat(p.at("/windows/count/latest/data_quality/sex/missing_share").isNumber()).isTrue();
        // the distributions a report draws: the species mix moved to Gentoo, culmen lengths as a histogram
        JsonNode island = p.at("/windows/count/latest/features/island/distribution");
        assertThat(island.path("type").asText()).isEqualTo("categories");
        assertThat(island.path("categories")).hasSize(island.path("reference").size())
                .hasSize(island.path("current").size());
        JsonNode label = p.at("/windows/count/latest/features/prediction/distribution");
        List<String> labels = Json.MAPPER.convertValue(label.path("categories"), List.class);
        assertThat(labels).as("the model's labels, in its order")
                .isEqualTo(((Task.Classification) PenguinTraffic.get().schema().task()).labels());
        int gentooAt = labels.indexOf("Gentoo");
        assertThat(label.at("/current/" + gentooAt).asDouble()).as("Gentoo's share of predictions: %s", label)
                .isGreaterThan(0.9).isGreaterThan(label.at("/reference/" + gentooAt).asDouble());
        JsonNode bill = p.at("/windows/count/latest/features/culmen_length_mm/distribution");
        assertThat(bill.path("type").asText()).isEqualTo("histogram");
        assertThat(bill.path("edges")).hasSize(21);
        assertThat(bill.path("current")).hasSize(20);
        assertThat(p.at("/windows/count/latest/features/top_probability/distribution/type").asText())
                .isEqualTo("histogram");
        JsonNode d = Json.MAPPER.readTree(get("/drift?model=" + SmallModel.NAME).body());
        assertThat(d.at("/windows/count/latest/dataset_drift").asBoolean()).as("diamonds: %s", d).isFalse();

        HttpResponse<String> unknown = get("/drift?model=nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = Json.MAPPER.readTree(unknown.body());
        assertThat(error.path("error").asText()).isEqualTo("not_found");
        assertThat(error.path("message").asText()).contains("'nope'", SmallModel.NAME, SmallPenguins.NAME);
        assertThat(error.at("/details/0/field").asText()).isEqualTo("model");
    }

    private static double sum(String scrape, String name, String labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
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
